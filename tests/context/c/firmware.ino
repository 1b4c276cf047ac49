// Firmware settings used as a context fixture.
#define WIFI_SSID "lab-net"
#define WIFI_PASSWORD "ctxval_c_wifi"
// expect ctxval_c_wifi: key=WIFI_PASSWORD kind=literal env=
#  define PROD_API_TOKEN "ctxval_c_spaced"
// expect ctxval_c_spaced: key=PROD_API_TOKEN kind=literal env=production
static const char *api_secret = "ctxval_c_assign";
// expect ctxval_c_assign: key=api_secret kind=literal env=
// const char *old_token = "ctxval_c_comment";
// expect ctxval_c_comment: key=old_token kind=comment env=
