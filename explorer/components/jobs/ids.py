"""The job panel's ids: one pattern, ``{"job": name, "part": part}``, so one set of callbacks serves every kind."""

JOB = "job"
PARTS = ("key", "result", "poll", "busy", "progress", "status", "cancel", "message", "retry")
"""What a panel is made of: the job's name (a store), the finished result's name (a store), the poll clock, the
progress row (bar, words, Cancel), the message line and its Retry."""

CLIENT = "job-client"
"""This page's id (a browser tab's, kept in its session storage): a page waits for one job of a kind at a time."""


def part(job: str, name: str) -> dict:
    if name not in PARTS:
        raise ValueError(f"{name!r} is not a part of a job panel ({', '.join(PARTS)})")
    return {JOB: job, "part": name}
