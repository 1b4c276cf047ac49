# Billing helpers. Demo: synthetic values only.
import stripe

stripe.api_key = "sk_live_KbxNAPTt2x8zHD8HqFgjX0qh42wzgnxrfhBfj5dJ"
STRIPE_PUBLISHABLE_KEY = "pk_live_cBtXqrsXCbpn9l1YsxSnuD8exj9Kd8nnWZgc3jnh"

AWS_ACCESS_KEY_ID = "AKIANJV3FZSUB5UFVJHD"
aws_secret_access_key = "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"
