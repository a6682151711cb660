using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Coverage;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Coverage;

public sealed record CoverageView(Instant At, bool PeakHour, double SpeedFactor, CoverageFreshness Freshness,
    IReadOnlyList<CoverageUnitRow> Units, CountyCoverage County, IReadOnlyList<GridCoverage> Grids, IReadOnlyList<PointCoverage> Points,
    CoverageLoss? Without);

/// <summary>
/// Live coverage: which key points and must-patrol points some available unit reaches by road within
/// their zone's target right now, the central city's and other urban area's road length so covered, per
/// grid and county-wide; with <c>without</c>, what dispatching that unit now would lose.
/// </summary>
public static class GetCoverageEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/coverage")]
    [EndpointDescription("Query `without`: a unit id; the answer then says which points would become uncovered and how the road shares would change " +
                         "if that unit were dispatched now. The example is computed on the loaded reference data with every unit at its staging " +
                         "point (points cut to four); its freshness numbers are illustrative.")]
    [ProducesResponseType(typeof(CoverageView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string? without, HttpContext http, IQuerySession session, IDocumentStore store,
        ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        Guid? withoutId = null;
        if (without is not null)
        {
            if (!Guid.TryParse(without, out var parsed))
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["without"] = ["must be a unit id (a GUID)"] },
                    instance: http.Request.Path);
            withoutId = parsed;
        }

        var now = await CoverageNow.LoadAsync(session, store, reference, clock, cancellation);
        CoverageUnit? dispatched = null;
        if (withoutId is { } id)
        {
            dispatched = now.Units.FirstOrDefault(u => u.UnitId == id);
            // A unit the board has not caught up with yet is known to its write model; then nothing it does shows yet.
            if (dispatched is null && await session.LoadAsync<UnitState>(id, cancellation) is { } unit)
                dispatched = new CoverageUnit(unit.Id, unit.CallSign, unit.Status, unit.Position);
            if (dispatched is null) return Problems.NotFound($"Unit {id}", http);
        }

        var result = CoverageCalculator.Compute(reference, now.Units, now.Conditions);
        var loss = dispatched is null ? null : CoverageCalculator.Without(reference, now.Units, now.Conditions, dispatched, result);
        return Results.Ok(new CoverageView(now.At, now.PeakHour, now.Conditions.SpeedFactor, now.Freshness, now.UnitRows(),
            result.County, result.Grids, result.Points, loss));
    }
}
