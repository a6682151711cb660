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

public sealed record ChangeUnitDutyRequest(string? Status, string? Reason, long? ExpectedVersion);

/// <summary>
/// Off an assignment: available, at the staging point, on patrol, on break (dispatchable with a
/// warning), out of service or off duty (never dispatched). Coming back on duty serves the queue.
/// </summary>
public static class ChangeUnitDutyEndpoint
{
    private static readonly Dictionary<string, UnitStatus> Duties = new(StringComparer.Ordinal)
    {
        ["available"] = UnitStatus.Available,
        ["at-staging-point"] = UnitStatus.AtStagingPoint,
        ["on-patrol"] = UnitStatus.OnPatrol,
        ["on-break"] = UnitStatus.OnBreak,
        ["out-of-service"] = UnitStatus.OutOfService,
        ["off-duty"] = UnitStatus.OffDuty,
    };

    [Authorize(Policy = Policies.UnitProgress)]
    [WolverinePost("/units/{id}/duty")]
    [ProducesResponseType(typeof(UnitBoardRow), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, ChangeUnitDutyRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation)
    {
        if (UnitScope.Forbid(http, id, dispatcherToo: true) is { } forbidden) return forbidden;
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        if (request.Status is null || !Duties.TryGetValue(request.Status, out var duty))
        {
            errors["status"] = [$"must be one of: {string.Join(", ", Duties.Keys)}"];
            duty = default;
        }
        var reason = RequestRules.Text(request.Reason, 500, "reason", errors);
        var expected = UnitVersions.Expected(request.ExpectedVersion, http, errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        return await UnitWrites.ApplyAsync(id, expected,
            unit => UnitDecider.ChangeDuty(unit, duty, reason, http.Caller().Actor, clock.GetCurrentInstant()),
            http, store, wolverine, cancellation);
    }
}
