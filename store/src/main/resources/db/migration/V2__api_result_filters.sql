-- api-server (issue 3): GET /v1/results filters by campaign, entry, resDial, resHangup and a
-- created_at range, each paged in created_at order. V1 has (campaign_id, created_at) and
-- (entry_id); these serve the other filters without sorting the whole table.
CREATE INDEX result_created ON result (created_at, id);
CREATE INDEX result_campaign_dial ON result (campaign_id, res_dial, created_at);
CREATE INDEX result_campaign_hangup ON result (campaign_id, res_hangup, created_at);
-- Campaigns that name another as their next campaign (a delete of that one checks them).
CREATE INDEX campaign_next ON campaign (next_campaign_id);
