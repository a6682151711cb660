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

    [Fact]
    public void Duty_changes_only_off_an_assignment_and_out_of_service_units_cannot_be_assigned()
    {
        var off = Apply(Commissioned(), UnitDecider.ChangeDuty(Commissioned(), UnitStatus.OutOfService, "爆胎", "u", Now));
        Assert.Equal(UnitStatus.OutOfService, off.Status);
        Assert.Equal("unit-unavailable", UnitDecider.Assign(off, Incident, Guid.CreateVersion7(), P(0, 0), 1, "d", Now).Rejection?.Code);
        Assert.Equal("unit-on-assignment", UnitDecider.ChangeDuty(Assigned(), UnitStatus.OffDuty, null, "u", Now).Rejection?.Code);
        Assert.Equal("status-not-settable", UnitDecider.ChangeDuty(Commissioned(), UnitStatus.EnRoute, null, "u", Now).Rejection?.Code);
        var staging = Apply(Commissioned(), UnitDecider.ChangeDuty(Commissioned(), UnitStatus.AtStagingPoint, null, "u", Now));
        Assert.False(UnitDecider.Assign(staging, Incident, Guid.CreateVersion7(), P(0, 0), 1, "d", Now).IsRejected);
        var onBreak = Apply(Commissioned(), UnitDecider.ChangeDuty(Commissioned(), UnitStatus.OnBreak, "用餐", "u", Now));
        Assert.False(UnitDecider.Assign(onBreak, Incident, Guid.CreateVersion7(), P(0, 0), 1, "d", Now).IsRejected);
    }

    [Fact]
    public void An_override_releases_the_unit_from_its_incident_before_assigning_it()
    {
        var other = Guid.CreateVersion7();
        var decision = UnitDecider.Reassign(Assigned(), other, Guid.CreateVersion7(), P(900, 0), 60, "持刀警情", "d", Now);
        Assert.Collection(decision.Events,
            e => Assert.Equal((Incident, UnitReleased.Overridden), (((UnitReleased)e).IncidentId, ((UnitReleased)e).How)),
            e => Assert.Equal(other, ((UnitAssigned)e).IncidentId));
        var state = Apply(Assigned(), decision);
        Assert.Equal(other, state.CurrentIncidentId);
        Assert.Equal(UnitStatus.Assigned, state.Status);
    }

    [Fact]
    public void Cancelling_frees_the_unit_where_it_is_and_only_for_its_own_incident()
    {
        Assert.Equal("not-on-incident", UnitDecider.Cancel(Assigned(), Guid.CreateVersion7(), "r", "d", Now).Rejection?.Code);
        var state = Apply(Assigned(), UnitDecider.Cancel(Assigned(), Incident, "车辆故障", "d", Now));
        Assert.Equal(UnitStatus.Available, state.Status);
        Assert.Null(state.CurrentIncidentId);
        Assert.Equal(P(0, 0), state.Position);
    }
}
