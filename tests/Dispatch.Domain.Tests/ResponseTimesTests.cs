using Dispatch.Domain.Analytics;
using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Time;
using Dispatch.Domain.Units;
using NodaTime;

namespace Dispatch.Domain.Tests;

public class ResponseTimesTests
{
    [Fact]
    public void Nearest_rank_percentiles_are_samples_at_rank_ceiling_of_p_times_n()
    {
        // The textbook example: n = 5, P30 rank ⌈1.5⌉ = 2, P40 rank 2, P50 rank ⌈2.5⌉ = 3, P100 rank 5.
        double[] five = [50, 15, 40, 20, 35];
        Assert.Equal(20, ResponseStatistics.Percentile(five, 30));
        Assert.Equal(20, ResponseStatistics.Percentile(five, 40));
        Assert.Equal(35, ResponseStatistics.Percentile(five, 50));
        Assert.Equal(50, ResponseStatistics.Percentile(five, 100));

        // n = 10: P50 rank 5, P90 rank 9, P99 rank ⌈9.9⌉ = 10; never an interpolated value.
        double[] ten = [100, 10, 90, 20, 80, 30, 70, 40, 60, 50];
        Assert.Equal(new PhaseFigures(10, 50, 90, 100), ResponseStatistics.Figures(ten));
        Assert.Equal(new PhaseFigures(1, 7, 7, 7), ResponseStatistics.Figures([7]));
        Assert.Equal(new PhaseFigures(0, null, null, null), ResponseStatistics.Figures([]));
    }

    [Fact]
    public void Percentiles_of_a_range_come_from_all_its_samples_not_from_daily_percentiles()
    {
        // Day one: 10, 20, 30 (P90 = 30); day two: 100 (P90 = 100). Their mean would be 65; the true P90 of the four is 100,
        // and the true P50 is rank 2 = 20, not the mean of the daily medians (20 + 100) / 2 = 60.
        double[] both = [10, 20, 30, 100];
        Assert.Equal(100, ResponseStatistics.Percentile(both, 90));
        Assert.Equal(20, ResponseStatistics.Percentile(both, 50));
    }

    [Fact]
    public void Acknowledgement_buckets_are_half_open_with_the_lower_edge_inside()
    {
        double[] seconds = [0, 29.999, 30, 60, 119, 120, 179.5, 180, 181, 600];
        var buckets = ResponseStatistics.AcknowledgementBuckets(seconds);
        Assert.Equal(["0s-30s", "30s-60s", "60s-120s", "120s-180s", "≥180s"], buckets.Select(b => b.Label));
        Assert.Equal([2, 1, 2, 2, 3], buckets.Select(b => b.Count));
        Assert.Null(buckets[^1].ToSeconds);
    }

    [Fact]
    public void Minute_buckets_for_turnout_and_arrival_are_half_open_at_5_10_15_30_minutes()
    {
        double[] seconds = [0, 299, 300, 599, 600, 900, 1799, 1800, 7200];
        var buckets = ResponseStatistics.MinuteBuckets(seconds);
        Assert.Equal(["0min-5min", "5min-10min", "10min-15min", "15min-30min", "≥30min"], buckets.Select(b => b.Label));
        Assert.Equal([2, 2, 1, 2, 2], buckets.Select(b => b.Count));
    }

    private static readonly DateTimeZone China = PeakHours.China;
    private static readonly IReadOnlyList<Shift> DayAndNight = [new("day", "白班", new LocalTime(8, 0)), new("night", "夜班", new LocalTime(20, 0))];
    private static readonly ZoneClassification Central = new("central-city", 180, "c", null, "中心城区");
    private static readonly ZoneClassification KeyPoint = new("key-point", 60, null, "p", "贾湖广场");
    private static readonly Guid UnitA = Guid.Parse("019ade00-0000-7000-8000-0000000000a1");
    private static readonly Guid UnitB = Guid.Parse("019ade00-0000-7000-8000-0000000000b1");
    private static readonly GeoPoint Here = new(33.44, 113.62);

    private static Instant Local(int day, int hour, int minute, int second = 0) =>
        new LocalDateTime(2026, 12, day, hour, minute, second).InZoneStrictly(China).ToInstant();

    private static IncidentResponse Fold(params object[] events) =>
        events.Aggregate((IncidentResponse?)null, IncidentResponse.Evolve)!;

    private static UnitDispatched Dispatched(Guid incident, Guid unit, string callSign, Instant at) =>
        new(incident, unit, callSign, new DispatchDecision(Guid.Empty, new DispatchInputs(incident, Here, Central, "v", false, 1, 10, at, []),
            unit, callSign, 60, true, [], [], "test"), "dispatcher:王", at);

    [Fact]
    public void A_cycle_measures_each_phase_between_the_business_times_of_its_events()
    {
        var id = Guid.NewGuid();
        var t = Local(2, 10, 0);
        static Duration s(long seconds) => Duration.FromSeconds(seconds);
        var incident = Fold(
            new IncidentReported(id, "disturbance", 2, Here, null, null, Central, "d", t, DutyLevel: DutyLevel.Level2),
            Dispatched(id, UnitA, "网格7-1", t + s(20)),
            new UnitAcknowledged(UnitA, id, "u", t + s(35)),
            new UnitEnRoute(UnitA, id, "u", t + s(50)),
            Dispatched(id, UnitB, "特巡1", t + s(60)),
            new UnitEnRoute(UnitB, id, "u", t + s(70)),
            new UnitArrivedOnScene(UnitB, id, Here, "u", t + s(150)),
            new UnitArrivedOnScene(UnitA, id, Here, "u", t + s(200)),
            new UnitCleared(UnitB, id, Here, "home", "u", t + s(900)),
            new UnitCleared(UnitA, id, Here, "home", "u", t + s(1400)));

        var cycle = Assert.Single(ResponseTimes.CycleSamples([incident], _ => 7, DayAndNight, China));
        // First dispatch 20 s; first 签收 35 - 20; first en route 50 - 20; first arrival (B, 150) - first en route (A, 50);
        // reported to first arrival 150; first arrival to the last clearing 1400 - 150; reported to the last clearing 1400.
        Assert.Equal(new Durations(20, 15, 30, 100, 150, 1250, 1400), cycle.Durations);
        Assert.Equal(("7", "level-2", "day", new LocalDate(2026, 12, 2)), (cycle.Grid, cycle.DutyLevel, cycle.Shift, cycle.Day));

        var units = ResponseTimes.UnitSamples([incident], _ => 7, DayAndNight, China).ToDictionary(u => u.CallSign!);
        // Each unit from its own dispatch; its total response from the report to its own arrival.
        Assert.Equal(new Durations(20, 15, 30, 150, 200, 1200, 1400), units["网格7-1"].Durations);
        Assert.Equal(new Durations(60, null, 10, 80, 150, 750, 900), units["特巡1"].Durations);
    }

    [Fact]
    public void A_reopened_incident_starts_a_new_cycle_measured_from_the_reopening()
    {
        var id = Guid.NewGuid();
        var t = Local(2, 10, 0);
        static Duration s(long seconds) => Duration.FromSeconds(seconds);
        var incident = Fold(
            new IncidentReported(id, "theft", 3, Here, null, null, Central, "d", t, DutyLevel: DutyLevel.Normal),
            Dispatched(id, UnitA, "网格7-1", t + s(10)),
            new UnitArrivedOnScene(UnitA, id, Here, "u", t + s(100)),
            new UnitCleared(UnitA, id, Here, "home", "u", t + s(600)),
            new IncidentClosed(id, "done", "d", t + s(700)),
            new IncidentReopened(id, "again", 2, "d", t + s(3600), DutyLevel.Level1),
            Dispatched(id, UnitA, "网格7-1", t + s(3630)),
            new UnitAcknowledged(UnitA, id, "u", t + s(3640)));

        Assert.Equal([1, 2], incident.Cycles.Select(c => c.Cycle));
        Assert.True(incident.Open);
        var second = ResponseTimes.CycleSamples([incident], _ => 7, DayAndNight, China).Single(c => c.Cycle == 2);
        Assert.Equal(new Durations(30, 10, null, null, null, null, null), second.Durations);
        Assert.Equal("level-1", second.DutyLevel);
        // The first cycle's times are untouched by the second cycle's unit events.
        Assert.Equal(Duration.FromSeconds(100), incident.Cycles[0].FirstArrivalAt - t);
    }

    [Fact]
    public void A_night_shift_counts_to_the_day_it_started_and_old_reports_have_an_unrecorded_duty_level()
    {
        var id = Guid.NewGuid();
        var incident = Fold(new IncidentReported(id, "theft", 3, Here, null, null, Central, "d", Local(3, 1, 30)));
        var sample = Assert.Single(ResponseTimes.CycleSamples([incident], _ => null, DayAndNight, China));
        Assert.Equal(("night", new LocalDate(2026, 12, 2), "unrecorded", "none"), (sample.Shift, sample.Day, sample.DutyLevel, sample.Grid));
    }

    [Fact]
    public void The_report_groups_samples_shares_the_target_by_each_zone_and_lists_open_cycles_with_their_age()
    {
        var t = Local(2, 10, 0);
        IncidentResponse Arrived(ZoneClassification zone, int afterSeconds, bool cleared = true)
        {
            var id = Guid.NewGuid();
            var events = new List<object>
            {
                new IncidentReported(id, "disturbance", 2, Here, null, null, zone, "d", t),
                Dispatched(id, UnitA, "网格7-1", t + Duration.FromSeconds(10)),
                new UnitArrivedOnScene(UnitA, id, Here, "u", t + Duration.FromSeconds(afterSeconds)),
            };
            if (cleared) events.Add(new UnitCleared(UnitA, id, Here, "home", "u", t + Duration.FromSeconds(afterSeconds + 60)));
            return Fold([.. events]);
        }
        var waiting = Fold(new IncidentReported(Guid.NewGuid(), "theft", 3, Here, null, null, Central, "d", t + Duration.FromMinutes(5)));
        var outside = Fold(new IncidentReported(Guid.NewGuid(), "theft", 3, Here, null, null, Central, "d", Local(1, 10, 0)));
        // Central city (180 s): 120 and 180 within (the target itself counts), 181 not. Key point (60 s): 60 within, 61 not.
        List<IncidentResponse> all = [Arrived(Central, 120), Arrived(Central, 180), Arrived(Central, 181, cleared: false),
            Arrived(KeyPoint, 60), Arrived(KeyPoint, 61), waiting, outside];
        var now = t + Duration.FromMinutes(20);

        var report = ResponseTimes.Compute(all, ResponseGrouping.Zone, Local(2, 0, 0), Local(3, 0, 0), _ => 7, DayAndNight, China, now);

        Assert.Equal(6, report.All.Responses);
        Assert.Equal(new TargetFigures(5, 3, 0.6), report.All.Target);
        var central = report.Groups.Single(g => g.Key == "central-city");
        Assert.Equal((4, 180), (central.Responses, central.TargetSeconds!.Value));
        Assert.Equal(new TargetFigures(3, 2, 2 / 3.0), central.Target);
        Assert.Equal(new PhaseFigures(3, 180, 181, 181), central.Phases.TotalResponse);
        Assert.Equal(new TargetFigures(2, 1, 0.5), report.Groups.Single(g => g.Key == "key-point").Target);

        // Open, oldest first: the one reported the day before (outside the range, listed whatever the range), the unit
        // still on scene after arriving at 181 s (20 min old), and the one never dispatched (reported at +5 min: 15 min old).
        Assert.Equal([("awaiting-unit", (now - Local(1, 10, 0)).TotalSeconds), ("on-scene", 1200.0), ("awaiting-unit", 900.0)],
            report.OpenIncidents.Select(o => (o.Stage, o.AgeSeconds)));
        var slow = Assert.Single(report.SlowestUnits);
        Assert.Equal((5, 181.0, 120.0), (slow.Arrivals, slow.P90TotalResponseSeconds, slow.P50TotalResponseSeconds));
    }
}
