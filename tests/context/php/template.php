<html>
<body>
<script>var analyticsKey = "ctxval_php_html_text";</script>
<!-- expect ctxval_php_html_text: key=analyticsKey kind=literal env= -->
<?php $sessionKey = 'ctxval_php_after_html'; ?>
<!-- expect ctxval_php_after_html: key=sessionKey kind=literal env= -->
</body>
</html>
