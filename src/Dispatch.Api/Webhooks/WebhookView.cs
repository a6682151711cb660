using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Domain.Integration;
using NodaTime;

namespace Dispatch.Api.Webhooks;

/// <summary>A webhook as its integrator, readers and auditors see it: never its secret.</summary>
public sealed record WebhookView(Guid Id, string Owner, string Url, IReadOnlyList<string> Types, IReadOnlyList<int> Grids,
    string RegisteredBy, Instant RegisteredAt, bool Active, string? RemovedBy, Instant? RemovedAt)
{
    public static WebhookView From(WebhookState webhook) => new(webhook.Id, webhook.Owner, webhook.Url, webhook.Types, webhook.Grids,
        webhook.RegisteredBy, webhook.RegisteredAt, webhook.Active, webhook.RemovedBy, webhook.RemovedAt);

    /// <summary>Readers and auditors see every webhook; an integrator only its own (anything else does not exist for it).</summary>
    public static bool MaySee(ClaimsPrincipal user, string actor, WebhookState webhook) =>
        webhook.Owner == actor || Policies.Readers.Any(user.IsInRole);
}
