#!/bin/sh
# Adds a custom domain to the staging service. (Demo: synthetic token.)
curl -s https://backboard.railway.com/graphql/v2 \
  -H 'Project-Access-Token: 5e8b2f17-c04d-4a96-b3e1-7f9d06a2c58b' \
  -d '{"query":"mutation { customDomainCreate(...) }"}'
