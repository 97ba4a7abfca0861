/* localnet:last_verdicts — the newest settled challenge verdict per local-network node */
select node_id, arg_max(verdict, responded_at) as verdict
from node_challenges
where network = 'localnet' and source = 'localnet' and state = 'settled'
group by node_id
