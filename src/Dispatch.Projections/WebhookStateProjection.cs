using Dispatch.Domain.Integration;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>
/// Each webhook, kept inline so a registration counts from its commit. Inline, an event's global sequence may not be
/// known yet: deliveries read the registration's and removal's sequences from the event table (WebhookSubscription).
/// </summary>
public partial class WebhookStateProjection : SingleStreamProjection<WebhookState, Guid>
{
    public override WebhookState? Evolve(WebhookState? snapshot, Guid id, IEvent e) => WebhookState.Evolve(snapshot, e.Data, e.Sequence);
}

public static class WebhookStore
{
    public static void AddWebhooks(this StoreOptions opts) =>
        opts.Projections.Add(new WebhookStateProjection(), ProjectionLifecycle.Inline);
}
