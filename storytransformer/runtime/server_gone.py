"""Say why a model server stopped answering in the middle of a run, in words a user can act on.

A llama.cpp server that crashes on its first completion (a general protection fault in
``libggml-cpu.so`` on CPUs with AMX) left only "the model server ... stopped answering (run
again with --resume)": a resume against a dead server fails the same way. The server answered
before (the engine asks it for its models when it loads), so a refused connection now means
the process is gone: crashed or stopped. The message names that, the request count it had
answered, and where to look.
"""

from __future__ import annotations


def _chain(err: BaseException) -> list[BaseException]:
    seen, out = set(), []
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        out.append(err)
        err = err.__cause__ or err.__context__
    return out


def why(err: BaseException) -> str:
    """'connection refused', 'closed the connection mid-answer', 'timed out' or the error's type."""
    text = " ".join(f"{type(e).__name__} {e}" for e in _chain(err)).lower()
    if "timeout" in text or "timed out" in text:
        return "timed out waiting for an answer"
    if "refused" in text or "errno 111" in text:
        return "connection refused"
    if "disconnected" in text or "reset" in text or "remoteprotocolerror" in text or "broken pipe" in text:
        return "it closed the connection in the middle of an answer"
    return type(err).__name__


def gone_message(err: BaseException, url: str, answered: int) -> str:
    """One line: what happened to the server at ``url`` after ``answered`` answers, and what to do."""
    reason = why(err)
    if reason.startswith("timed out"):
        head = f"the model server at {url} {reason}"
    else:
        state = ("after answering " + (f"{answered} request(s)" if answered else "the model list at start"))
        head = f"the model server at {url} stopped or crashed {state} ({reason})"
    return (f"{head}; check that it is still running and its log (a crash: `dmesg`); finished groups are "
            "kept: once it answers again, run again with --resume")
