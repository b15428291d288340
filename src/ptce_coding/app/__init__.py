"""The application layer: a project on disk (``project.yaml`` read into the settings objects
the library takes), the whole job of ``ptce-coding run`` (``workflow.run_project``), and what
a killed command left behind (``recovery``)."""
