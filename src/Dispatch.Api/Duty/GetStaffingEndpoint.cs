using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Duty;

public sealed record StaffingView(DutyLevel Level, bool Meets, int Shortfall, IReadOnlyList<ForceStaffing> Forces, Instant AsOf);

/// <summary>Staffing compliance now: each force's share on the street against the minimum of the level in force, with the shortfall in people.</summary>
public static class GetStaffingEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/compliance/staffing")]
    [ProducesResponseType(typeof(StaffingView), StatusCodes.Status200OK)]
    public static async Task<IResult> Get(HttpContext http, IQuerySession session, ReferenceData reference, IClock clock,
        CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
        if (duty is null) return Problems.NotFound("The county duty stream", http);
        var units = await session.Query<UnitState>().ToListAsync(cancellation);
        var report = StaffingCompliance.Compute(Crews.Current(reference.Officers, units), units.ToDictionary(u => u.CallSign, u => u.Status, StringComparer.Ordinal),
            reference.Duty.For(duty.LevelAt(now)));
        return Results.Ok(new StaffingView(report.Level, report.Meets, report.Shortfall, report.Forces, now));
    }
}
