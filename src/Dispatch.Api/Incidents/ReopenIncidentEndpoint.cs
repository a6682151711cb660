using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Incidents;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Incidents;

/// <summary>Reopens a closed incident: a new response cycle, dispatched afresh through the durable queue.</summary>
public static class ReopenIncidentEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/incidents/{id}/reopen")]
    [ProducesResponseType(typeof(Projections.IncidentDetails), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, IncidentActionRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, DispatchSignals signals, DispatchSettings settings, IClock clock,
        CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var reason = RequestRules.Required(request.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Incident {id}", http);

        var caller = http.Caller();
        var decided = signals.Expect(id);
        try
        {
            await using (var write = WriteSession.Open(store, wolverine, http))
            {
                var (session, outbox) = (write.Session, write.Outbox);
                var incident = await session.Events.FetchForWriting<IncidentState>(id, cancellation);
                var now = clock.GetCurrentInstant();
                var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
                var reopened = IncidentDecider.Reopen(incident.Aggregate, reason!, caller.Actor, now, duty?.LevelAt(now) ?? DutyLevel.Normal);
                if (reopened.Rejection is { } rejection) return Problems.From(rejection, http);
                incident.AppendMany(reopened.Events.ToArray());
                await outbox.PublishAsync(new DispatchIncident(id, caller.Actor, caller.CorrelationId));
                await session.SaveChangesAsync(cancellation);
            }
            await Task.WhenAny(decided, Task.Delay(settings.ResponseWait));
            await using var query = store.QuerySession();
            return Results.Ok(await query.LoadAsync<Projections.IncidentDetails>(id));
        }
        finally
        {
            signals.StopWaiting(id);
        }
    }
}
