using Dispatch.Api.Hosting;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Patrol;

public sealed record PointVisitsView(string PointId, string Name, IReadOnlyList<int> Grids, IReadOnlyList<VisitRecord> Visits,
    IReadOnlyList<AlertRecord> Alerts, long Version);

/// <summary>A must-patrol point's visits in device-time order (never arrival order) and its missed-visit alerts.</summary>
public static class GetPointVisitsEndpoint
{
    [WolverineGet("/patrol-points/{pointId}")]
    [ProducesResponseType(typeof(PointVisitsView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string pointId, HttpContext http, IQuerySession session, ReferenceData reference,
        CancellationToken cancellation)
    {
        if (reference.MustPatrolPoints.FirstOrDefault(p => p.Id == pointId) is not { } point)
            return Problems.NotFound($"Must-patrol point '{pointId}'", http);
        var state = await session.LoadAsync<PatrolPointState>(PatrolPointState.StreamIdFor(point.Id), cancellation);
        return Results.Ok(new PointVisitsView(point.Id, point.Name, point.Grids, state?.Visits ?? [], state?.Alerts ?? [], state?.Version ?? 0));
    }
}
