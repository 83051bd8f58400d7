-- Deleting a notification channel keeps its delivery history: who was told what, and when, is
-- a record, not a property of the channel. The rows lose their link (channel_type and
-- channel_target stay); undelivered ones are closed as 'dead' by the delete itself.
ALTER TABLE alert_notifications DROP CONSTRAINT alert_notifications_channel_id_fkey;
ALTER TABLE alert_notifications
  ADD CONSTRAINT alert_notifications_channel_id_fkey FOREIGN KEY (channel_id) REFERENCES notification_channels(id) ON DELETE SET NULL;
