-- skein:backward_compatible=true
-- Event subscriptions (spec 02 §11, 05 §3) page each subscribable outbox in (committed_xid, event_id) order from a
-- cursor, below the oldest running transaction: one range scan per page instead of a scan of the whole table.
CREATE INDEX ff_lease_event_cursor_idx ON ff_lease_event (committed_xid, event_id);
CREATE INDEX ff_completion_event_cursor_idx ON ff_completion_event (committed_xid, event_id);
CREATE INDEX ff_signal_event_cursor_idx ON ff_signal_event (committed_xid, event_id);
