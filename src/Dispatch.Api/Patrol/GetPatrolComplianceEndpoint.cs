using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Time;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Patrol;

/// <summary>
/// Patrol compliance for a local day (date=yyyy-MM-dd, Asia/Shanghai) or a shift (shift=yyyy-MM-dd/night): every
/// must-patrol point's intervals and whether each was visited, per grid and for the county. Default: today.
/// </summary>
public static class GetPatrolComplianceEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/compliance/patrol")]
    [ProducesResponseType(typeof(PatrolReport), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string? date, string? shift, HttpContext http, IQuerySession session, ReferenceData reference,
        IClock clock, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        var zone = PeakHours.China;
        var errors = new Dictionary<string, string[]>();
        if (RangeOf(date, shift, now, reference.Duty, zone, errors) is not { } range)
            return Results.ValidationProblem(errors, instance: http.Request.Path);

        var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
        if (duty is null) return Problems.NotFound("The county duty stream", http);
        var points = await PatrolHistory.LoadAsync(session, reference, range.From, range.To, cancellation);
        return Results.Ok(PatrolCompliance.Compute(reference, reference.Duty, duty.Changes, points, range.From, range.To, now, zone));
    }

    public static (Instant From, Instant To)? RangeOf(string? date, string? shift, Instant now, DutyRules rules, DateTimeZone zone,
        Dictionary<string, string[]> errors)
    {
        if (date is not null && shift is not null) { errors["date"] = ["give either date or shift, not both"]; return null; }
        if (shift is not null)
        {
            var parts = shift.Split('/');
            var day = parts.Length == 2 ? RequestRules.Date(parts[0], "shift", errors) : null;
            var named = parts.Length == 2 ? rules.Shifts.FirstOrDefault(s => s.Name == parts[1]) : null;
            if (day is null || named is null)
            {
                errors["shift"] = [$"must be yyyy-MM-dd/<shift>, the shift one of: {string.Join(", ", rules.Shifts.Select(s => s.Name))}"];
                return null;
            }
            var instance = Shifts.Of(day.Value.At(named.Starts).InZoneLeniently(zone).ToInstant(), rules.Shifts, zone);
            return (instance.Start, instance.End);
        }
        var local = date is null ? now.InZone(zone).Date : RequestRules.Date(date, "date", errors);
        if (local is null) return null;
        return (zone.AtStartOfDay(local.Value).ToInstant(), zone.AtStartOfDay(local.Value.PlusDays(1)).ToInstant());
    }
}
