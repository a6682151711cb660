using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Roads;
using Dispatch.Domain.Units;
using NodaTime;
using static Dispatch.Domain.Tests.TestMap;

namespace Dispatch.Domain.Tests;

public class RecommendationTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 2, 6, 0);
    private static readonly RoadGraph Graph = RiverTown();
    private static readonly Guid DecisionId = Guid.CreateVersion7();

    private static UnitSnapshot Unit(string callSign, GeoPoint at, UnitStatus status = UnitStatus.Available, int n = 0) =>
        new(new Guid($"00000000-0000-7000-8000-{n:D12}"), callSign, status,
            status == UnitStatus.Available ? null : Guid.Parse("0190a000-0000-7000-8000-000000000099"), at, Now);

    private static DispatchInputs Inputs(GeoPoint incident, int targetSeconds, params UnitSnapshot[] units) =>
        new(Guid.Parse("0190a000-0000-7000-8000-000000000001"), incident,
            new ZoneClassification("central-city", targetSeconds, "c", null, "中心城区"),
            Graph.Version, false, 1.0, 10, Now, units);

    [Fact]
    public void The_fastest_unit_by_road_wins_over_the_nearest_in_a_straight_line()
    {
        var across = Unit("A-对岸", P(0, -150), n: 1);
        var upRoad = Unit("B-上游", P(0, 1000), n: 2);

        var decision = Recommendation.Recommend(Graph, Inputs(P(0, 150), 180, across, upRoad), DecisionId);

        Assert.Equal(upRoad.UnitId, decision.ChosenUnitId);
        Assert.Equal(["B-上游", "A-对岸"], decision.Candidates.Select(c => c.CallSign));
        var acrossCandidate = decision.Candidates.Single(c => c.UnitId == across.UnitId);
        Assert.True(acrossCandidate.StraightLineMetres < decision.Candidates[0].StraightLineMetres);
        Assert.True(decision.WithinTarget);
    }

    [Fact]
    public void A_busy_unit_is_skipped_with_its_reason_and_the_next_fastest_goes()
    {
        var busy = Unit("B-上游", P(0, 1000), UnitStatus.EnRoute, n: 2);
        var next = Unit("A-对岸", P(0, -150), n: 1);

        var decision = Recommendation.Recommend(Graph, Inputs(P(0, 150), 180, busy, next), DecisionId);

        Assert.Equal(next.UnitId, decision.ChosenUnitId);
        var exclusion = Assert.Single(decision.Excluded);
        Assert.Equal(busy.UnitId, exclusion.UnitId);
        Assert.Equal(Recommendation.ReasonBusy, exclusion.Reason);
        Assert.Contains("en route", exclusion.Detail);
    }

    [Fact]
    public void Outside_the_target_the_fastest_still_goes_and_the_breach_is_said()
    {
        var far = Unit("A-对岸", P(0, -150), n: 1);   // about 430 s by road
        var decision = Recommendation.Recommend(Graph, Inputs(P(0, 150), 180, far), DecisionId);

        Assert.Equal(far.UnitId, decision.ChosenUnitId);
        Assert.False(decision.WithinTarget);
        Assert.Contains("TARGET BREACHED", decision.Explanation);
    }

    [Fact]
    public void With_no_available_unit_nothing_is_chosen_and_every_unit_is_explained()
    {
        var decision = Recommendation.Recommend(Graph,
            Inputs(P(0, 150), 180, Unit("A", P(0, -150), UnitStatus.OnScene, 1), Unit("B", P(0, 1000), UnitStatus.Assigned, 2)),
            DecisionId);

        Assert.Null(decision.ChosenUnitId);
        Assert.Empty(decision.Candidates);
        Assert.Equal(2, decision.Excluded.Count);
        Assert.StartsWith("No unit can be dispatched", decision.Explanation);
    }

    [Fact]
    public void Equal_travel_times_fall_to_the_call_sign_whatever_the_input_order()
    {
        // Mirror images either side of the incident on one straight road.
        var west = Unit("乙", P(500, 150), n: 1);
        var east = Unit("甲", P(1500, 150), n: 2);
        var incident = P(1000, 150);

        var one = Recommendation.Recommend(Graph, Inputs(incident, 180, west, east), DecisionId);
        var other = Recommendation.Recommend(Graph, Inputs(incident, 180, east, west), DecisionId);

        Assert.Equal(one.Candidates[0].EtaSeconds, one.Candidates[1].EtaSeconds, 1e-9);
        Assert.Equal("乙", one.ChosenCallSign); // ordinal order of the call sign: U+4E59 before U+7532
        Assert.Equal(one.ChosenUnitId, other.ChosenUnitId);
        Assert.Equal(one.Candidates, other.Candidates);
    }

    // The 1-3-5 minute targets, half a second either side of each boundary.
    [Theory]
    [InlineData(60)]
    [InlineData(180)]
    [InlineData(300)]
    public void The_target_circle_boundary_is_judged_on_road_time(int targetSeconds)
    {
        var straight = RoadGraph.Build([Road("长街", (0, 0), (5000, 0))], "straight-1"); // 36 km/h = 10 m/s
        DispatchInputs At(double metres) => new(Guid.CreateVersion7(), P(0, 0),
            new ZoneClassification("central-city", targetSeconds, "c", null, "中心城区"), straight.Version, false, 1.0, 10, Now,
            [Unit("A", P(metres, 0), n: 1)]);

        var inside = Recommendation.Recommend(straight, At(targetSeconds * 10 - 5), DecisionId);
        var outside = Recommendation.Recommend(straight, At(targetSeconds * 10 + 5), DecisionId);

        Assert.InRange(inside.EtaSeconds!.Value, targetSeconds - 1, targetSeconds);
        Assert.True(inside.WithinTarget);
        Assert.InRange(outside.EtaSeconds!.Value, targetSeconds, targetSeconds + 1);
        Assert.False(outside.WithinTarget);
    }

    [Fact]
    public void A_decision_replayed_on_its_recorded_inputs_chooses_the_same_unit()
    {
        var inputs = Inputs(P(700, 150), 180, Unit("A", P(0, -150), n: 1), Unit("B", P(0, 1000), n: 2),
            Unit("C", P(2000, 150), UnitStatus.EnRoute, 3));
        var first = Recommendation.Recommend(Graph, inputs, DecisionId);
        var replayed = Recommendation.Recommend(Graph, first.Inputs, DecisionId);
        Assert.Equal(first with { Candidates = [], Excluded = [] }, replayed with { Candidates = [], Excluded = [] });
        Assert.Equal(first.Candidates, replayed.Candidates);
        Assert.Equal(first.Excluded, replayed.Excluded);
    }

    [Fact]
    public void A_decision_refuses_to_replay_on_another_road_graph()
    {
        var inputs = Inputs(P(700, 150), 180, Unit("A", P(0, -150), n: 1)) with { RoadGraphVersion = "other" };
        Assert.Throws<InvalidOperationException>(() => Recommendation.Recommend(Graph, inputs, DecisionId));
    }

    [Fact]
    public void Out_of_service_off_duty_and_withdrawn_units_are_excluded_with_their_reason_and_on_break_carries_a_warning()
    {
        var outOfService = Unit("A", P(100, 150), UnitStatus.OutOfService, 1);
        var offDuty = Unit("B", P(200, 150), UnitStatus.OffDuty, 2);
        var withdrawn = Unit("C", P(300, 150), n: 3);
        var onBreak = Unit("D", P(400, 150), UnitStatus.OnBreak, 4);
        var decision = Recommendation.Recommend(Graph,
            Inputs(P(0, 150), 180, outOfService, offDuty, withdrawn, onBreak) with { WithdrawnUnits = [withdrawn.UnitId] },
            DecisionId);

        Assert.Equal(onBreak.UnitId, decision.ChosenUnitId);
        Assert.Equal(Recommendation.WarningOnBreak, decision.Candidates[0].Warning);
        Assert.Contains("WARNING", decision.Explanation);
        Assert.Contains("A (out-of-service), B (off-duty), C (withdrawn)", decision.Explanation);
        Assert.Equal(
            [("A", Recommendation.ReasonOutOfService), ("B", Recommendation.ReasonOffDuty), ("C", Recommendation.ReasonWithdrawn)],
            decision.Excluded.Select(e => (e.CallSign, e.Reason)));
    }
}
