using Dispatch.Domain.Duty;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Time;
using NodaTime;

namespace Dispatch.Domain.Tests;

public class VisitScheduleTests
{
    private static readonly DutyRules Rules = WuyangDataTests.Wuyang.Duty;
    private static readonly DateTimeZone China = PeakHours.China;

    private static Instant Local(int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, 12, day, hour, minute).InZoneStrictly(China).ToInstant();

    private static LevelChange Change(DutyLevel level, Instant at) => new(level, at, "巡特警大队", "test", "test", at);

    [Fact]
    public void The_plan_levels_visit_every_3_2_1_hours_and_normal_is_the_county_setting()
    {
        Assert.Equal([180, 120, 60], new[] { DutyLevel.Level3, DutyLevel.Level2, DutyLevel.Level1 }.Select(l => Rules.For(l).VisitEveryMinutes));
        Assert.Equal([0.3, 0.5, 0.75], new[] { DutyLevel.Level3, DutyLevel.Level2, DutyLevel.Level1 }.Select(l => Rules.For(l).MinimumStreetShare[Force.SpecialPatrol]));
        Assert.Equal([0.1, 0.2, 0.3], new[] { DutyLevel.Level3, DutyLevel.Level2, DutyLevel.Level1 }.Select(l => Rules.For(l).MinimumStreetShare[Force.HqStaff]));
        Assert.False(Rules.For(DutyLevel.Normal).FromPlan);
    }

    [Fact]
    public void Intervals_are_half_open_and_run_from_the_effective_time()
    {
        var changes = new[] { Change(DutyLevel.Level2, Local(2, 14)) };
        var intervals = VisitSchedule.Between(changes, Rules, Local(2, 14), Local(2, 20)).ToList();
        Assert.Equal([Local(2, 14), Local(2, 16), Local(2, 18)], intervals.Select(i => i.Start));
        Assert.True(intervals[0].Contains(Local(2, 15, 59)));
        Assert.False(intervals[0].Contains(Local(2, 16)));
        Assert.Equal(intervals[1], VisitSchedule.Containing(changes, Rules, Local(2, 16)));
    }

    [Fact]
    public void A_level_change_mid_interval_replans_from_its_effective_time()
    {
        // Level 3 from 08:00 (3-hour intervals); level 1 from 10:30 (hourly).
        var changes = new[] { Change(DutyLevel.Level3, Local(2, 8)), Change(DutyLevel.Level1, Local(2, 10, 30)) };
        var intervals = VisitSchedule.Between(changes, Rules, Local(2, 8), Local(2, 13)).ToList();
        Assert.Equal([Local(2, 8), Local(2, 10, 30), Local(2, 11, 30), Local(2, 12, 30)], intervals.Select(i => i.Start));
        // The cut interval lasted 2.5 hours: overdue under the new hourly rule too, so still owed.
        Assert.Equal(Local(2, 10, 30), intervals[0].End);
        Assert.True(intervals[0].Owed);

        // Raised after only 20 minutes: nobody could have known to hurry, so the cut interval owes nothing.
        var early = new[] { Change(DutyLevel.Level3, Local(2, 8)), Change(DutyLevel.Level1, Local(2, 8, 20)) };
        var first = VisitSchedule.Between(early, Rules, Local(2, 8), Local(2, 9)).First();
        Assert.Equal((Local(2, 8), Local(2, 8, 20), false), (first.Start, first.End, first.Owed));

        // Lowered from hourly to every 3 hours 50 minutes in: the cut hour is not owed either.
        var lowered = new[] { Change(DutyLevel.Level1, Local(2, 8)), Change(DutyLevel.Level3, Local(2, 8, 50)) };
        Assert.False(VisitSchedule.Between(lowered, Rules, Local(2, 8), Local(2, 9)).First().Owed);
    }

    [Fact]
    public void Due_intervals_wait_for_the_grace_period_and_are_judged_once()
    {
        var changes = new[] { Change(DutyLevel.Level1, Local(2, 14)) };
        Assert.Empty(VisitSchedule.DueBetween(changes, Rules, Local(2, 14), Local(2, 15, 9)));
        var due = VisitSchedule.DueBetween(changes, Rules, Local(2, 14), Local(2, 15, 10)).Single();
        Assert.Equal((Local(2, 14), Local(2, 15)), (due.Start, due.End));
        Assert.Empty(VisitSchedule.DueBetween(changes, Rules, Local(2, 15, 10), Local(2, 16, 9)));
        Assert.Equal(Local(2, 16, 10), VisitSchedule.NextDue(changes, Rules, Local(2, 15, 10)));
    }

    [Fact]
    public void A_night_shift_across_midnight_counts_to_the_day_it_started()
    {
        var shift = Shifts.Of(Local(3, 0, 30), Rules.Shifts, China);
        Assert.Equal("2026-12-02/night", shift.Key);
        Assert.Equal((Local(2, 20), Local(3, 8)), (shift.Start, shift.End));
        Assert.Equal("2026-12-03/day", Shifts.Of(Local(3, 8), Rules.Shifts, China).Key);
        Assert.Equal("2026-12-02/day", Shifts.Of(Local(2, 19, 59), Rules.Shifts, China).Key);
    }

    [Fact]
    public void A_late_visit_retracts_the_standing_alert_of_its_interval_only()
    {
        var changes = new[] { Change(DutyLevel.Level1, Local(2, 14)) };
        var interval = VisitSchedule.Containing(changes, Rules, Local(2, 14, 40))!;
        var alert = PatrolDecider.JudgeInterval(null, "jiahu-square", interval, "system", Local(2, 15, 10))!;
        var point = PatrolPointState.Evolve(null, alert);
        Assert.Null(PatrolDecider.JudgeInterval(point, "jiahu-square", interval, "system", Local(2, 15, 20)));

        var visit = new PatrolPointVisited("jiahu-square", Guid.NewGuid(), "网格7-1", "c-1", Local(2, 14, 40), Local(2, 16), null, null, "unit");
        var events = PatrolDecider.CheckIn(point, visit, interval, Local(2, 16));
        var retraction = Assert.IsType<MissedVisitRetracted>(events[1]);
        Assert.Equal(interval.Start, retraction.IntervalStart);
        point = events.Aggregate(point, PatrolPointState.Evolve);
        Assert.NotNull(point!.Alerts.Single().RetractedAt);

        var another = visit with { ClientId = "c-2", OccurredAt = Local(2, 14, 50) };
        Assert.Single(PatrolDecider.CheckIn(point, another, interval, Local(2, 16, 5)));
    }
}
