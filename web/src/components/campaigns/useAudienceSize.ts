import { useQuery } from '@tanstack/react-query';
import { endpoints } from '../../api.ts';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { inputOf, type CampaignDraft } from './campaignDraft.ts';

/**
 * The audience's size now (POST /api/campaigns/audience-size), as the send would expand it, and
 * how many of them the draft's channel can reach. Debounced while filters are typed.
 */
export function useAudienceSize(draft: CampaignDraft) {
  const audience = useDebounced(JSON.stringify(inputOf(draft).audience), 400);
  const parsed = JSON.parse(audience) as ReturnType<typeof inputOf>['audience'];
  const size = useQuery({
    queryKey: ['campaign-audience-size', audience],
    queryFn: () => endpoints.messageCampaignAudienceSize(parsed),
    enabled: parsed.kind === 'filter' || parsed.segmentId !== '',
    retry: false,
  });
  const data = size.data;
  return data ? { customers: data.customers, reachable: draft.channel === 'whatsapp' ? data.withPhone : data.withEmail } : null;
}
