using Dispatch.Domain.Units;
using NodaTime;
using static Dispatch.Domain.Tests.TestMap;

namespace Dispatch.Domain.Tests;

public class UnitDeciderTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 2, 6, 0);
    private static readonly Guid UnitId = Guid.CreateVersion7();
    private static readonly Guid Incident = Guid.CreateVersion7();

    private static UnitState Commissioned() => UnitDecider.Evolve(null,
        new UnitCommissioned(UnitId, "网格7-1", "grid-patrol-car", 7, "森林警察大队", "home", P(0, 0), 2, "system", Now))!;

    private static UnitState Apply(UnitState state, Decision decision) =>
        decision.Events.Aggregate((UnitState?)state, UnitDecider.Evolve)!;

    private static UnitState Assigned() =>
        Apply(Commissioned(), UnitDecider.Assign(Commissioned(), Incident, Guid.CreateVersion7(), P(300, 0), 30, "d", Now));

    [Fact]
    public void A_unit_walks_its_assignment_and_is_available_again_where_it_cleared()
    {
        var state = Assigned();
        state = Apply(state, UnitDecider.ChangeStatus(state, UnitStatus.EnRoute, Incident, "u", Now));
        state = Apply(state, UnitDecider.ChangeStatus(state, UnitStatus.OnScene, Incident, "u", Now));
        Assert.Equal(P(300, 0), state.Position);
        state = Apply(state, UnitDecider.ChangeStatus(state, UnitStatus.Available, Incident, "u", Now));

        Assert.Equal(UnitStatus.Available, state.Status);
        Assert.Null(state.CurrentIncidentId);
        Assert.Equal(P(300, 0), state.Position);
    }

    [Fact]
    public void A_busy_unit_cannot_be_assigned_again()
    {
        var decision = UnitDecider.Assign(Assigned(), Guid.CreateVersion7(), Guid.CreateVersion7(), P(0, 0), 10, "d", Now);
        Assert.Equal(RejectionKind.Conflict, decision.Rejection?.Kind);
        Assert.Equal("unit-busy", decision.Rejection?.Code);
    }

    [Fact]
    public void Repeating_a_status_is_a_no_op_and_going_back_is_a_conflict()
    {
        var state = Apply(Assigned(), UnitDecider.ChangeStatus(Assigned(), UnitStatus.OnScene, Incident, "u", Now));
        Assert.True(UnitDecider.ChangeStatus(state, UnitStatus.OnScene, Incident, "u", Now).IsNoOp);
        Assert.Equal("status-goes-backwards", UnitDecider.ChangeStatus(state, UnitStatus.EnRoute, Incident, "u", Now).Rejection?.Code);
    }

    [Fact]
    public void Status_for_another_incident_or_without_an_assignment_is_refused()
    {
        Assert.Equal("wrong-incident",
            UnitDecider.ChangeStatus(Assigned(), UnitStatus.EnRoute, Guid.CreateVersion7(), "u", Now).Rejection?.Code);
        Assert.Equal("unit-not-assigned",
            UnitDecider.ChangeStatus(Commissioned(), UnitStatus.EnRoute, null, "u", Now).Rejection?.Code);
        Assert.True(UnitDecider.ChangeStatus(Commissioned(), UnitStatus.Available, null, "u", Now).IsNoOp);
    }
}
