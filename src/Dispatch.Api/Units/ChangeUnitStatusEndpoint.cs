using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Units;

public sealed record ChangeUnitStatusRequest(string? Status, Guid? IncidentId, long? ExpectedVersion);

/// <summary>A unit reports progress on its assignment: acknowledged (签收), en route, on scene, cleared.</summary>
public static class ChangeUnitStatusEndpoint
{
    private static readonly Dictionary<string, UnitStatus> Settable = new(StringComparer.Ordinal)
    {
        ["acknowledged"] = UnitStatus.Acknowledged,
        ["en-route"] = UnitStatus.EnRoute,
        ["on-scene"] = UnitStatus.OnScene,
        ["cleared"] = UnitStatus.Available,
    };

    [Authorize(Policy = Policies.UnitProgress)]
    [WolverinePost("/units/{id}/status")]
    [ProducesResponseType(typeof(UnitBoardRow), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, ChangeUnitStatusRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation)
    {
        if (UnitScope.Forbid(http, id, dispatcherToo: true) is { } forbidden) return forbidden;
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        if (request.Status is null || !Settable.TryGetValue(request.Status, out var target))
        {
            errors["status"] = [$"must be one of: {string.Join(", ", Settable.Keys)}"];
            target = default;
        }
        // Naming the incident makes a late resend about an earlier incident harmless instead of moving the unit's current one.
        if (request.IncidentId is null || request.IncidentId == Guid.Empty)
            errors["incidentId"] = ["is required: the incident this status is about"];
        var expected = UnitVersions.Expected(request.ExpectedVersion, http, errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        return await UnitWrites.ApplyAsync(id, expected,
            unit => UnitDecider.ChangeStatus(unit, target, request.IncidentId, http.Caller().Actor, clock.GetCurrentInstant()),
            http, store, wolverine, cancellation);
    }
}
