"""Socket.IO's Redis message queue, with a heartbeat that measures it.

Every process publishes chat events on one Redis channel and hears every other process's. How
long that takes is the delay every live message pays, and it grows before Redis or the network
fails, so each chat process now and then publishes a heartbeat on the same channel, through the
same connection, and times its own heartbeat coming back (portal_chat_queue_lag_seconds). Its
own clock on both ends: no skew between hosts.
"""
from __future__ import annotations

import logging
import time

import socketio

from portal import metrics

log = logging.getLogger("portal.chat")

HEARTBEAT = "portal:queue-heartbeat"


class MeasuredRedisManager(socketio.RedisManager):
    def send_heartbeat(self) -> None:
        # Socket.IO ignores what a process published itself, so the heartbeat carries another
        # host id; it is an emit to a room no socket joins, so other processes drop it.
        message = {"method": "emit", "event": HEARTBEAT, "namespace": "/", "room": HEARTBEAT,
                   "data": [{"origin": self.host_id, "sent_at": time.monotonic()}],
                   "binary": False, "skip_sid": None, "callback": None, "host_id": f"{self.host_id}:heartbeat"}
        try:
            self._publish(message)
        except Exception:
            log.exception("could not publish the queue heartbeat")

    def _handle_emit(self, message):
        if message.get("event") != HEARTBEAT:
            return super()._handle_emit(message)
        data = (message.get("data") or [{}])[0]
        if isinstance(data, dict) and data.get("origin") == self.host_id:
            metrics.queue_heartbeat_received(time.monotonic() - data["sent_at"])
        return None
