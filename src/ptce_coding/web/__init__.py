"""The local web page (`ptce-coding serve`): read, code and review in the browser over the
same project and store as the command line."""
