using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Integration;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Webhooks;

/// <summary>
/// The integrator removes its webhook: nothing more is queued for it, pending deliveries are dropped, and its secret is
/// deleted. Another integrator's webhook is a 404, as if it did not exist. Removing again is a no-op.
/// </summary>
public static class RemoveWebhookEndpoint
{
    [Authorize(Policy = Policies.Feed)]
    [WolverineDelete("/webhooks/{id}")]
    [ProducesResponseType(typeof(WebhookView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Delete(Guid id, HttpContext http, IDocumentStore store, IClock clock, CancellationToken cancellation)
    {
        var caller = http.Caller();
        await using var session = store.LightweightSession();
        session.CorrelationId = caller.CorrelationId;
        var stream = await session.Events.FetchForWriting<WebhookState>(id, cancellation);
        var decision = WebhookDecider.Remove(stream.Aggregate, caller.Actor, clock.GetCurrentInstant());
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (decision.IsNoOp) return Results.Ok(WebhookView.From(stream.Aggregate!));
        stream.AppendMany(decision.Events.ToArray());
        session.Delete<WebhookSigningKey>(id);
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(WebhookView.From(decision.Events.Aggregate(stream.Aggregate, (s, e) => WebhookState.Evolve(s, e, 0))!));
    }
}
