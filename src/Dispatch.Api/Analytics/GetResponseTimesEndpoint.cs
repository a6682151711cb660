using Dispatch.Api.Access;
using Dispatch.Domain.Analytics;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Time;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Wolverine.Http;

namespace Dispatch.Api.Analytics;

/// <summary>
/// Response times of the cycles reported (or reopened) in [from, to), grouped by grid, zone, type, unit, duty level,
/// shift or local day: counts, nearest-rank P50/P90/P99 per phase, share within the zone's target and the
/// 签收/出警/到场 bucket tables; with the slowest units of the range and every incident open now.
/// </summary>
public static class GetResponseTimesEndpoint
{
    public static readonly Duration LongestRange = Duration.FromDays(366);

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/analytics/response-times")]
    [ProducesResponseType(typeof(ResponseTimesReport), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string? by, string? from, string? to, HttpContext http, IQuerySession session,
        ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        var zone = PeakHours.China;
        var errors = new Dictionary<string, string[]>();
        var grouping = Grouping(by, errors);
        var today = now.InZone(zone).Date;
        var start = Bound(from, zone, errors, "from", atEndOfDay: false) ?? zone.AtStartOfDay(today).ToInstant();
        var end = Bound(to, zone, errors, "to", atEndOfDay: true) ?? zone.AtStartOfDay(today.PlusDays(1)).ToInstant();
        if (errors.Count == 0 && end <= start) errors["to"] = ["must be after 'from'"];
        else if (errors.Count == 0 && end - start > LongestRange) errors["to"] = [$"the range may span at most {LongestRange.Days} days"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        // Whole seconds in the database, exact instants in the figures: the query only narrows.
        var (low, high) = (start.ToUnixTimeSeconds() - 1, end.ToUnixTimeSeconds() + 1);
        var incidents = await session.Query<IncidentResponse>()
            .Where(x => x.Open || (x.LastReportedUnixSeconds >= low && x.FirstReportedUnixSeconds <= high))
            .ToListAsync(cancellation);
        var grids = (await session.Query<UnitState>().ToListAsync(cancellation)).ToDictionary(u => u.Id, u => u.Grid);
        return Results.Ok(ResponseTimes.Compute(incidents, grouping!.Value, start, end, unit => grids.GetValueOrDefault(unit),
            reference.Duty.Shifts, zone, now));
    }

    public static readonly IReadOnlyList<ResponseGrouping> Groupings = Enum.GetValues<ResponseGrouping>();

    private static ResponseGrouping? Grouping(string? by, Dictionary<string, string[]> errors)
    {
        if (by is null) return ResponseGrouping.Zone;
        foreach (var g in Groupings)
            if (ResponseTimes.Name(g) == by) return g;
        errors["by"] = [$"must be one of: {string.Join(", ", Groupings.Select(ResponseTimes.Name))}"];
        return null;
    }

    /// <summary>A local date (Asia/Shanghai; 'to' then includes that whole day) or an ISO-8601 instant with its offset.</summary>
    private static Instant? Bound(string? value, DateTimeZone zone, Dictionary<string, string[]> errors, string field, bool atEndOfDay)
    {
        if (value is null) return null;
        var date = LocalDatePattern.Iso.Parse(value);
        if (date.Success && date.Value.Year is < 2000 or > 2200) { errors[field] = ["must be a date between the years 2000 and 2200"]; return null; }
        if (date.Success) return zone.AtStartOfDay(atEndOfDay ? date.Value.PlusDays(1) : date.Value).ToInstant();
        var instant = OffsetDateTimePattern.ExtendedIso.Parse(value);
        if (instant.Success) return instant.Value.ToInstant();
        errors[field] = ["must be a local date (yyyy-MM-dd, Asia/Shanghai) or an ISO-8601 date and time with its offset, e.g. 2026-12-02T06:00:00Z"];
        return null;
    }
}
