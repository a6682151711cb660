using Dispatch.Api.Feed;
using Dispatch.Domain.Integration;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using NodaTime;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace Dispatch.Api.Webhooks;

/// <summary>
/// Marten subscription (run by the async daemon, strictly in sequence order) that maps each batch of stored events to
/// CloudEvents and queues one delivery per matching webhook. Wolverine enlists <c>bus</c> in the daemon's session: the
/// delivery documents, the messages (durable outbox) and the subscription's progress commit together, so an event is
/// queued for delivery exactly once even if the process dies in between.
/// </summary>
public sealed class WebhookSubscription(FeedMapper mapper, IClock clock) : BatchSubscription(Name)
{
    public const string Name = "Webhooks";

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        IMessageBus bus, CancellationToken cancellationToken)
    {
        var webhooks = await WithStoredSequences(
            await operations.Query<WebhookState>().Where(w => w.RemovedAt == null).ToListAsync(cancellationToken), operations, cancellationToken);
        if (webhooks.Count == 0) return;
        var now = clock.GetCurrentInstant();
        foreach (var item in await mapper.MapAsync(page.Events, operations, cancellationToken))
        {
            byte[]? body = null;
            foreach (var webhook in webhooks.Where(w => w.Wants(item.Sequence, item.Contract, item.Grids)))
            {
                body ??= StructuredCloudEvent.Encode(item.Event);
                var delivery = new WebhookDelivery
                {
                    Id = WebhookDelivery.IdFor(webhook.Id, item.Event.Id!),
                    WebhookId = webhook.Id,
                    EventId = item.Event.Id!,
                    Sequence = item.Sequence,
                    Contract = item.Contract,
                    QueuedAt = now,
                };
                operations.Store(delivery);
                await bus.PublishAsync(new DeliverWebhook(delivery.Id, webhook.Id, delivery.EventId, body, 1));
            }
        }
    }

    /// <summary>
    /// An inline projection runs before its events get their global sequence, so the webhook's window is read from the
    /// event table: it opens at the registration's sequence and closes at the removal's.
    /// </summary>
    private static async Task<IReadOnlyList<WebhookState>> WithStoredSequences(IReadOnlyList<WebhookState> webhooks,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        if (webhooks.Count == 0) return webhooks;
        var ids = webhooks.Select(w => w.Id).ToArray();
        var events = await operations.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids)).ToListAsync(cancellationToken);
        return webhooks.Select(w => w with
        {
            RegisteredSequence = events.Where(e => e.StreamId == w.Id && e.Data is WebhookRegistered).Select(e => e.Sequence).DefaultIfEmpty(long.MaxValue).Min(),
            RemovedSequence = events.Where(e => e.StreamId == w.Id && e.Data is WebhookRemoved).Select(e => (long?)e.Sequence).Min(),
        }).ToList();
    }
}
