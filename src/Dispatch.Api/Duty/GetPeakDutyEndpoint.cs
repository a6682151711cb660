using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Time;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Duty;

public sealed record PostUnitView(string CallSign, UnitStatus Status, double DistanceMetres, Instant PositionAt, bool Present);

public sealed record PeakPostView(int Grid, string StagingPointId, string StagingPoint, bool Present, IReadOnlyList<PostUnitView> Units);

/// <summary>A must-patrol point (schools, markets, squares, stations: the plan's crowded places) and who checked in there during the window.</summary>
public sealed record PeakPointView(string PointId, string Name, bool Present, string? CheckedInBy, Instant? CheckedInAt);

public sealed record PeakDutyView(Instant At, LocalDate LocalDate, DayKind DayKind, string? DayName, bool CalendarCovers, string? PeakDayReason,
    PeakWindow? Window, PeakWindow? Next, IReadOnlyList<PeakPostView> Posts, int PostsPresent, IReadOnlyList<PeakPointView> Points,
    int PointsPresent);

/// <summary>
/// Peak duty (高峰勤务) at a moment (default now): whether a window is open and why the day has one, and for each
/// grid whether its car stands at the staging point: at-staging-point, or last reported within the radius during the window;
/// and for each must-patrol point whether a unit checked in there during the window.
/// </summary>
public static class GetPeakDutyEndpoint
{
    [Authorize(Policy = Policies.ReadAlsoAsUnit)]
    [WolverineGet("/peak-duty")]
    [ProducesResponseType(typeof(PeakDutyView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string? at, HttpContext http, IQuerySession session, ReferenceData reference, IClock clock,
        CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var moment = RequestRules.OptionalInstant(at, "at", errors) ?? clock.GetCurrentInstant();
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
        var designated = duty?.Designated ?? [];
        var peak = reference.PeakHours;
        var date = moment.InZone(PeakHours.China).Date;
        var (kind, name) = reference.Calendar.Classify(date);
        var window = peak.WindowAt(moment, designated);
        var units = await session.Query<UnitState>().ToListAsync(cancellation);
        var radius = reference.Duty.Peak.PresenceRadiusMetres;

        var posts = reference.Grids.Select(grid =>
        {
            var staging = reference.PlacesById[grid.StagingPointId];
            var mine = units.Where(u => u.Grid == grid.Number).OrderBy(u => u.CallSign, StringComparer.Ordinal).Select(u =>
            {
                var distance = Math.Round(LocalProjection.DistanceMetres(u.Position, staging.Location), 1);
                var present = u.Status == UnitStatus.AtStagingPoint
                              || (StaffingCompliance.IsOnStreet(u.Status) && distance <= radius && (window is null || u.PositionAt >= window.Start));
                return new PostUnitView(u.CallSign, u.Status, distance, u.PositionAt, present);
            }).ToList();
            return new PeakPostView(grid.Number, staging.Id, staging.Name, mine.Any(u => u.Present), mine);
        }).ToList();

        var states = window is null ? new Dictionary<string, PatrolPointState>()
            : await Patrol.PatrolHistory.LoadAsync(session, reference, window.Start, window.End, cancellation);
        var points = reference.MustPatrolPoints.Select(point =>
        {
            var visit = window is null ? null
                : states.GetValueOrDefault(point.Id)?.Visits.FirstOrDefault(v => v.DeviceTime >= window.Start && v.DeviceTime < window.End);
            return new PeakPointView(point.Id, point.Name, visit is not null, visit?.CallSign, visit?.DeviceTime);
        }).ToList();

        return Results.Ok(new PeakDutyView(moment, date, kind, name, reference.Calendar.Covers(date), peak.WhyPeakDay(date, designated),
            window, peak.CurrentOrNext(window?.End ?? moment, designated), posts, posts.Count(p => p.Present), points,
            points.Count(p => p.Present)));
    }
}
