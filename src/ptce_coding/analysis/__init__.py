"""What the codings say: DataFrames of the store's records, case × code matrices and
quotations, agreement statistics (pure functions) and the agreement table on a project's
codings, the evaluation of the taggers, uncertainty of small samples, and the data the
synthesis report renders."""
