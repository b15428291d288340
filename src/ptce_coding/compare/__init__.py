"""Comparing the poles: correspondence analysis (ca), a typology (typology), crisp-set QCA
(qca), from the store's codings and case attributes (inputs); settings from project.yaml."""
