"""The public read API, version 1 (/api/v1/): the catalogue, the questionnaire, and
recommendations scored and stored exactly as the questionnaire's own are.

It lives in the questionnaire app because it speaks for both apps; ``comparisons`` never
imports it. docs/api.md describes it for its users.
"""
