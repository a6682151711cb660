using NodaTime;

namespace Dispatch.Domain.Integration;

/// <summary>
/// An integrator registered a URL to receive the contracts <paramref name="Types"/> (contract names it was granted),
/// optionally only about <paramref name="Grids"/>. The signing secret is not in the event: events are read by auditors
/// and replayed, a secret must not travel with them; it is kept beside the stream (see WebhookSigningKey).
/// </summary>
public sealed record WebhookRegistered(Guid WebhookId, string Owner, string Url, IReadOnlyList<string> Types, IReadOnlyList<int> Grids,
    string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>The integrator removed the webhook: nothing more is delivered, deliveries still pending are dropped.</summary>
public sealed record WebhookRemoved(Guid WebhookId, string Actor, Instant OccurredAt) : IDispatchEvent;

/// <summary>
/// A webhook as deliveries need it. <see cref="RegisteredSequence"/> and <see cref="RemovedSequence"/> are the global
/// sequences of those events (set by the projection), so the delivery subscription sends exactly the events stored
/// between them, however far behind it runs.
/// </summary>
public sealed record WebhookState(Guid Id, string Owner, string Url, IReadOnlyList<string> Types, IReadOnlyList<int> Grids,
    string RegisteredBy, Instant RegisteredAt, long RegisteredSequence = 0, string? RemovedBy = null, Instant? RemovedAt = null,
    long? RemovedSequence = null)
{
    public bool Active => RemovedAt is null;

    public static WebhookState? Evolve(WebhookState? state, object @event, long sequence) => @event switch
    {
        WebhookRegistered e => new WebhookState(e.WebhookId, e.Owner, e.Url, e.Types, e.Grids, e.Actor, e.OccurredAt, sequence),
        WebhookRemoved e when state is { Active: true } => state with { RemovedBy = e.Actor, RemovedAt = e.OccurredAt, RemovedSequence = sequence },
        _ => state,
    };

    /// <summary>
    /// Whether the event stored at <paramref name="sequence"/> goes to this webhook: stored while it was registered,
    /// one of its contracts, and about one of its grids when it names grids. County-wide events (a duty-level change)
    /// concern every grid and pass every grid filter.
    /// </summary>
    public bool Wants(long sequence, string contract, IReadOnlyList<int> grids) =>
        sequence > RegisteredSequence && (RemovedSequence is null || sequence < RemovedSequence)
        && Types.Contains(contract) && (Grids.Count == 0 || grids.Count == 0 || grids.Any(Grids.Contains));
}

public static class WebhookDecider
{
    /// <summary>Only the integrator who registered it may remove it; to anybody else it does not exist.</summary>
    public static Decision Remove(WebhookState? webhook, string actor, Instant now) => webhook switch
    {
        null => Decision.Reject(RejectionKind.NotFound, "not-found", "No such webhook."),
        _ when webhook.Owner != actor => Decision.Reject(RejectionKind.NotFound, "not-found", "No such webhook."),
        { Active: false } => Decision.NoOp,
        _ => Decision.Accept(new WebhookRemoved(webhook.Id, actor, now)),
    };
}
