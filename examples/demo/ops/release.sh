#!/bin/sh
# Publishes the package and tells the team. Demo: synthetic values only.
export NPM_TOKEN=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
curl -X POST -d '{"text":"released"}' https://hooks.slack.com/services/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
