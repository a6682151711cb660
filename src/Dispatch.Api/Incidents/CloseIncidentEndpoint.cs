using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Incidents;

/// <summary>Closes an incident; units still on it are released, each with its own event, and serve the queue.</summary>
public static class CloseIncidentEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/incidents/{id}/close")]
    [ProducesResponseType(typeof(Projections.IncidentDetails), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, IncidentActionRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var reason = RequestRules.Required(request.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Incident {id}", http);

        var caller = http.Caller();
        var now = clock.GetCurrentInstant();
        await using var write = WriteSession.Open(store, wolverine, http);
        var (session, outbox) = (write.Session, write.Outbox);
        var incident = await session.Events.FetchForWriting<IncidentState>(id, cancellation);
        var closed = IncidentDecider.Close(incident.Aggregate, reason!, caller.Actor, now);
        if (closed.Rejection is { } rejection) return Problems.From(rejection, http);

        if (!closed.IsNoOp)
        {
            foreach (var responder in await IncidentResponders.OnIncident(session, incident.Aggregate!, cancellation))
            {
                var unit = await session.Events.FetchForWriting<UnitState>(responder.Id, cancellation);
                unit.AppendMany(UnitDecider.Cancel(unit.Aggregate, id, $"incident closed: {reason}", caller.Actor, now).Events.ToArray());
                await outbox.PublishAsync(new UnitAvailable(responder.Id, caller.Actor, caller.CorrelationId));
            }
            incident.AppendMany(closed.Events.ToArray());
            await session.SaveChangesAsync(cancellation);
        }

        await using var query = store.QuerySession();
        return Results.Ok(await query.LoadAsync<Projections.IncidentDetails>(id, cancellation));
    }
}
