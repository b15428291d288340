"""Reviewing suggestions and sharing the work: the review queue (accept, reject, by
confidence or uncertainty), review and split sheets for a spreadsheet, and who codes which
documents."""
