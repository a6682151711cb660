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
/// A dispatcher reports an incident; <see cref="IncidentIntake"/> stores it and dispatches it (201 with the
/// decision, or 202 while dispatch is still under way).
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

        var id = request.Id ?? Guid.CreateVersion7(clock.GetCurrentInstant().ToDateTimeOffset());
        var command = new ReportIncident(id, type!, priority!.Value, wgs84, address, description, given, unitsRequested!.Value,
            callerContact);
        return await IncidentIntake.ReportAndDispatchAsync(command, http, store, wolverine, signals, settings, reference, clock);
    }
}

/// <summary>How long a report waits for its dispatch decision before answering 202.</summary>
public sealed record DispatchSettings(TimeSpan ResponseWait);
