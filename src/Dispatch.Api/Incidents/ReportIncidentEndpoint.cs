using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Reference;
using Dispatch.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Incidents;

public sealed record ReportIncidentRequest(Guid? Id, string? Type, int? Priority, LocationInput? Location,
    string? Address, string? Description, int? UnitsRequested, CallerInput? Caller);

/// <summary>
/// A dispatcher reports an incident. The report and the command to dispatch it commit in one
/// transaction (Wolverine's outbox on Marten), so a stored call is always dispatched, even if this
/// request, the process or the database fails a moment later. The response waits briefly for the
/// decision: 201 with it, or 202 while dispatch is still under way.
/// </summary>
public static class ReportIncidentEndpoint
{
    public static void Configure(HttpChain chain) => chain.Metadata.Finally(b =>
    {
        b.RemoveStatusCodeResponse(200);
        b.RemoveStatusCodeResponse(404);
    });

    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/incidents")]
    [ProducesResponseType(typeof(IncidentDetails), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(IncidentDetails), StatusCodes.Status202Accepted)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public static async Task<IResult> Post(ReportIncidentRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, DispatchSignals signals, DispatchSettings settings, ReferenceData reference,
        IClock clock)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var type = RequestRules.Code(request.Type, "type", errors);
        var priority = RequestRules.Range(request.Priority, 1, 4, "priority", errors);
        var location = RequestRules.Location(request.Location, "location", errors);
        var address = RequestRules.Text(request.Address, 500, "address", errors);
        var description = RequestRules.Text(request.Description, 4000, "description", errors);
        var unitsRequested = request.UnitsRequested is null ? 1 : RequestRules.Range(request.UnitsRequested, 1, 10, "unitsRequested", errors);
        var callerContact = RequestRules.Caller(request.Caller, "caller", errors);
        if (request.Id == Guid.Empty) errors["id"] = ["must not be the empty GUID; omit it to let the server choose"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        var (wgs84, given) = location!.Value;
        if (RequestRules.OutsideServiceArea(wgs84, reference, "location", http) is { } outside) return outside;

        var caller = http.Caller();
        var now = clock.GetCurrentInstant();
        var id = request.Id ?? Guid.CreateVersion7(now.ToDateTimeOffset());
        var command = new ReportIncident(id, type!, priority!.Value, wgs84, address, description, given, unitsRequested!.Value,
            callerContact);

        var decided = signals.Expect(id);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var write = WriteSession.Open(store, wolverine, http);
                var session = write.Session;
                // Stream first, then the incident document: they commit together, so an incident stream seen
                // here always has its document, and a stream without one belongs to something else (a unit).
                // The reads in one round trip (the duty level too): each trip to the database adds to the dispatcher's wait.
                var batch = session.CreateBatchQuery();
                var fetchStream = batch.Events.FetchStreamState(id);
                var fetchIncident = batch.Load<IncidentState>(id);
                var fetchDuty = batch.Load<CountyDutyState>(CountyDutyState.StreamId);
                await batch.Execute(http.RequestAborted);
                var stream = await fetchStream;
                var incident = await fetchIncident;
                if (stream is not null && incident is null)
                    return Problems.From(new Domain.Rejection(Domain.RejectionKind.Conflict, "id-in-use",
                        $"The id {id} is already used by another record; choose a new id."), http);
                // The level in force is recorded on the report, so response times group by it from the events alone.
                var duty = await fetchDuty;
                var decision = IncidentDecider.Report(incident, command, reference.Zones.Classify(command.Location), caller.Actor, now,
                    duty?.LevelAt(now) ?? DutyLevel.Normal);
                if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
                if (decision.IsNoOp) break; // a retry of a create that already happened: answer like the first time

                // Starting (not appending to) the stream makes a concurrent create with the same id lose here.
                session.Events.StartStream<IncidentState>(id, decision.Events.ToArray());
                await write.Outbox.PublishAsync(new DispatchIncident(id, caller.Actor, caller.CorrelationId));
                try
                {
                    await session.SaveChangesAsync(http.RequestAborted);
                    break;
                }
                catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e) && attempt == 1)
                {
                    // A simultaneous create with this id won; look again: the same report is answered, another is refused.
                }
            }

            // From here the incident is stored and its dispatch queued: a client giving up changes nothing.
            var inTime = await Task.WhenAny(decided, Task.Delay(settings.ResponseWait)) == decided;
            await using var query = store.QuerySession();
            var details = await query.LoadAsync<IncidentDetails>(id);
            return inTime || details?.Decisions.Count > 0
                ? Results.Created($"/incidents/{id}", details)
                : Results.Accepted($"/incidents/{id}", details);
        }
        finally
        {
            signals.StopWaiting(id);
        }
    }
}

/// <summary>How long a report waits for its dispatch decision before answering 202.</summary>
public sealed record DispatchSettings(TimeSpan ResponseWait);
