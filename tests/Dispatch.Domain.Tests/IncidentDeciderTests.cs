using Dispatch.Domain.Geo;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Reference;
using NodaTime;

namespace Dispatch.Domain.Tests;

public class IncidentDeciderTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 2, 6, 0);
    private static readonly ZoneClassification Zone = new("central-city", 180, "c", null, "中心城区");
    private static readonly ReportIncident Report = new(Guid.CreateVersion7(), "fire", 1, new GeoPoint(33.44, 113.6),
        "老十字街", "起火", new GivenPosition(33.4387, 113.6062, "GCJ-02"));

    private static IncidentState Reported() =>
        IncidentDecider.Report(null, Report, Zone, "d", Now).Events.Aggregate((IncidentState?)null, IncidentDecider.Evolve)!;

    [Fact]
    public void The_same_report_again_is_a_no_op()
    {
        Assert.True(IncidentDecider.Report(Reported(), Report, Zone, "d", Now.Plus(Duration.FromSeconds(5))).IsNoOp);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("priority")]
    [InlineData("address")]
    [InlineData("description")]
    [InlineData("datum")]
    public void The_same_id_with_any_field_changed_is_a_conflict(string field)
    {
        var changed = field switch
        {
            "type" => Report with { Type = "flood" },
            "priority" => Report with { Priority = 2 },
            "address" => Report with { Address = "南大街" },
            "description" => Report with { Description = "起火了" },
            _ => Report with { GivenLocation = Report.GivenLocation! with { Datum = "BD-09" } },
        };
        var decision = IncidentDecider.Report(Reported(), changed, Zone, "d", Now);
        Assert.Equal(RejectionKind.Conflict, decision.Rejection?.Kind);
        Assert.Equal("incident-exists", decision.Rejection?.Code);
    }

    [Fact]
    public void Close_and_reopen_start_a_new_response_cycle_and_forget_withdrawn_units()
    {
        var unit = Guid.CreateVersion7();
        var state = Reported();
        state = new object[]
        {
            new ResponderWithdrawn(state.Id, unit, "cancelled", "r", 0, "d", Now),
            new IncidentClosed(state.Id, "处置完毕", "d", Now),
        }.Aggregate((IncidentState?)state, IncidentDecider.Evolve)!;
        Assert.Equal(IncidentStatus.Closed, state.Status);
        Assert.Equal([unit], state.WithdrawnUnits);
        Assert.True(IncidentDecider.Close(state, "again", "d", Now).IsNoOp);

        var reopened = IncidentDecider.Reopen(state, "再次报警", "d", Now);
        var next = reopened.Events.Aggregate((IncidentState?)state, IncidentDecider.Evolve)!;
        Assert.Equal(2, next.ResponseCycle);
        Assert.Equal(IncidentStatus.AwaitingUnit, next.Status);
        Assert.Empty(next.WithdrawnUnits!);
        Assert.Equal("incident-not-closed", IncidentDecider.Reopen(next, "x", "d", Now).Rejection?.Code);
    }
}
