using Dispatch.Domain.Duty;
using Dispatch.Domain.Units;

namespace Dispatch.Domain.Tests;

public class StaffingComplianceTests
{
    private static readonly Dispatch.Domain.Reference.ReferenceData Wuyang = WuyangDataTests.Wuyang;

    private static Dictionary<string, UnitStatus> AllOn() => Wuyang.Units.ToDictionary(u => u.CallSign, _ => UnitStatus.AtStagingPoint);

    [Fact]
    public void Shares_and_shortfalls_match_the_hand_count()
    {
        // Roster: 40 special/patrol police, 13 crewing the four special units (4+3+3+3); 104 HQ staff, 2 per grid car.
        var statuses = AllOn();
        statuses["特巡警武装3组"] = UnitStatus.OffDuty;          // 3 officers leave the street
        statuses["网格1-1"] = UnitStatus.OutOfService;           // 2 HQ staff
        statuses["网格2-1"] = UnitStatus.OnBreak;                // still on the street
        statuses["网格3-1"] = UnitStatus.EnRoute;                // on an incident: on the street

        var level2 = StaffingCompliance.Compute(Wuyang.Officers, statuses, Wuyang.Duty.For(DutyLevel.Level2));
        var special = level2.Forces.Single(f => f.Force == Force.SpecialPatrol);
        Assert.Equal((40, 10, 0.25, 0.5, 20, 10, false), (special.Officers, special.OnStreet, special.Share, special.MinimumShare!.Value,
            special.RequiredOnStreet!.Value, special.Shortfall, special.Meets));
        var hq = level2.Forces.Single(f => f.Force == Force.HqStaff);
        // 20% of 104 is 20.8: 21 people, and 24 are out.
        Assert.Equal((104, 24, 21, 0, true), (hq.Officers, hq.OnStreet, hq.RequiredOnStreet!.Value, hq.Shortfall, hq.Meets));
        Assert.False(level2.Meets);
        Assert.Equal(10, level2.Shortfall);

        var level1 = StaffingCompliance.Compute(Wuyang.Officers, statuses, Wuyang.Duty.For(DutyLevel.Level1));
        // 75% of 40 = 30 (short 20); 30% of 104 = 31.2 -> 32 (short 8).
        Assert.Equal([20, 8], level1.Forces.Select(f => f.Shortfall));
    }
}
