using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Units;
using Marten;
using NodaTime;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Units;

public sealed record ChangeUnitStatusRequest(string? Status, Guid? IncidentId, long? ExpectedVersion);

/// <summary>A unit reports progress on its assignment: en route, on scene, cleared.</summary>
public static class ChangeUnitStatusEndpoint
{
    private static readonly Dictionary<string, UnitStatus> Settable = new(StringComparer.Ordinal)
    {
        ["en-route"] = UnitStatus.EnRoute,
        ["on-scene"] = UnitStatus.OnScene,
        ["cleared"] = UnitStatus.Available,
    };

    [WolverinePost("/units/{id}/status")]
    [ProducesResponseType(typeof(UnitBoardRow), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, ChangeUnitStatusRequest? request, HttpContext http, IDocumentStore store,
        IClock clock, CancellationToken cancellation)
    {
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
        var expected = ExpectedVersion(request, http, errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Unit {id}", http);

        var caller = http.Caller();
        await using var session = store.LightweightSession();
        session.CorrelationId = caller.CorrelationId;
        var stream = await session.Events.FetchForWriting<UnitState>(id, cancellation);
        if (stream.Aggregate is { } current && expected is { } wanted && wanted != current.Version)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "stale-version",
                type: "https://wuyang-patrol.example/problems/stale-version", instance: http.Request.Path,
                detail: $"The unit changed since version {wanted}; it is now at version {current.Version}. Reload and decide again.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = current.Version });
        var decision = UnitDecider.ChangeStatus(stream.Aggregate, target, request.IncidentId, caller.Actor,
            clock.GetCurrentInstant());
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (!decision.IsNoOp)
        {
            stream.AppendMany(decision.Events.ToArray());
            await session.SaveChangesAsync(cancellation);
        }
        var unit = decision.Events.Aggregate(stream.Aggregate, UnitDecider.Evolve)! with
        {
            Version = stream.Aggregate!.Version + decision.Events.Count,
        };
        var row = UnitBoardRow.From(unit);
        http.Response.Headers.ETag = row.ETag;
        return Results.Ok(row);
    }

    /// <summary>From <c>expectedVersion</c> in the body or an <c>If-Match: "N"</c> header; both given must agree.</summary>
    private static long? ExpectedVersion(ChangeUnitStatusRequest request, HttpContext http, Dictionary<string, string[]> errors)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (header.Length == 0) return request.ExpectedVersion;
        if (!long.TryParse(header.Trim().Trim('"'), out var fromHeader))
        {
            errors["If-Match"] = ["must be a unit version as an entity tag, e.g. \"7\""];
            return null;
        }
        if (request.ExpectedVersion is { } fromBody && fromBody != fromHeader)
            errors["expectedVersion"] = ["disagrees with If-Match"];
        return fromHeader;
    }
}
