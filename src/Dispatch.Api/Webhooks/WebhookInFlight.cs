namespace Dispatch.Api.Webhooks;

/// <summary>
/// Requests in flight per webhook in this process. A receiver that answers slowly or never may hold only its share of
/// the delivery queue's slots; its other deliveries wait their turn instead of taking the slots other receivers need.
/// </summary>
public sealed class WebhookInFlight
{
    private readonly Dictionary<Guid, int> _counts = [];

    public bool TryEnter(Guid webhookId, int limit)
    {
        lock (_counts)
        {
            var count = _counts.GetValueOrDefault(webhookId);
            if (count >= limit) return false;
            _counts[webhookId] = count + 1;
            return true;
        }
    }

    public void Exit(Guid webhookId)
    {
        lock (_counts)
        {
            if (_counts.GetValueOrDefault(webhookId) <= 1) _counts.Remove(webhookId);
            else _counts[webhookId]--;
        }
    }
}
