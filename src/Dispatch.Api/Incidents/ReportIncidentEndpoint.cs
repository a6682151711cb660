using Dispatch.Api.Hosting;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Reference;
using Dispatch.Projections;
using Marten;
using NodaTime;
using Wolverine;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Incidents;

public sealed record ReportIncidentRequest(Guid? Id, string? Type, int? Priority, LocationInput? Location,
    string? Address, string? Description);

/// <summary>
/// A dispatcher reports an incident. The report is stored first, so a call is never lost; then the
/// dispatch handler chooses the unit and the response carries its decision.
/// </summary>
public static class ReportIncidentEndpoint
{
    public static void Configure(HttpChain chain) => chain.Metadata.Finally(b =>
    {
        b.RemoveStatusCodeResponse(200);
        b.RemoveStatusCodeResponse(404);
    });

    [WolverinePost("/incidents")]
    [ProducesResponseType(typeof(IncidentDetails), StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public static async Task<IResult> Post(ReportIncidentRequest? request, HttpContext http, IDocumentStore store,
        IMessageBus bus, ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var type = RequestRules.Code(request.Type, "type", errors);
        var priority = RequestRules.Range(request.Priority, 1, 4, "priority", errors);
        var location = RequestRules.Location(request.Location, "location", errors);
        var address = RequestRules.Text(request.Address, 500, "address", errors);
        var description = RequestRules.Text(request.Description, 4000, "description", errors);
        if (request.Id == Guid.Empty) errors["id"] = ["must not be the empty GUID; omit it to let the server choose"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var caller = http.Caller();
        var now = clock.GetCurrentInstant();
        var id = request.Id ?? Guid.CreateVersion7(now.ToDateTimeOffset());
        var command = new ReportIncident(id, type!, priority!.Value, location!, address, description);

        await using (var session = store.LightweightSession())
        {
            session.CorrelationId = caller.CorrelationId;
            var stream = await session.Events.FetchForWriting<IncidentState>(id, cancellation);
            var decision = IncidentDecider.Report(stream.Aggregate, command, reference.Zones.Classify(command.Location),
                caller.Actor, now);
            if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
            stream.AppendMany(decision.Events.ToArray());
            await session.SaveChangesAsync(cancellation);
        }

        var outcome = await bus.InvokeAsync<DispatchOutcome>(new DispatchIncident(id, caller.Actor, caller.CorrelationId), cancellation);

        await using var query = store.QuerySession();
        var details = await query.LoadAsync<IncidentDetails>(id, cancellation);
        return outcome.Rejection is { } contention
            ? Results.Json(new { incident = details, dispatch = contention }, statusCode: StatusCodes.Status202Accepted)
            : Results.Created($"/incidents/{id}", details);
    }
}
