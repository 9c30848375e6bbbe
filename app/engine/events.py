"""What the engine announces, as typed signals (psygnal, as napari's evented models use).

Every payload is immutable: ``job_changed`` carries the whole new ``Job``, so a listener
replaces what it held and never reads a half-applied change. Signals are emitted on the
event loop's thread, after the change is on disk.
"""

from __future__ import annotations

from psygnal import Signal, SignalGroup

from app.engine.jobs import Job


class EngineEvents(SignalGroup):
    #: A job was recorded (its intent is on disk).
    job_added = Signal(Job)
    #: A job changed; carries the job as it is now.
    job_changed = Signal(Job)
    #: A job was removed from the history; carries its id.
    job_removed = Signal(str)
    #: The history was loaded at start: every job is now known.
    history_loaded = Signal()
    #: The send queue paused, resumed, or its jobs waiting changed (``Engine.queue``).
    queue_changed = Signal()
