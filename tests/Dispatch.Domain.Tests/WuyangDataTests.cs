using Dispatch.Domain.Geo;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Roads;
using Snapshooter.Xunit;

namespace Dispatch.Domain.Tests;

public class WuyangDataTests
{
    public static readonly ReferenceData Wuyang = ReferenceData.Load(name =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "wuyang", name)));

    [Fact]
    public void The_thirteen_grids_load_with_every_field_the_plan_lists()
    {
        Assert.Equal(Enumerable.Range(1, 13), Wuyang.Grids.Select(g => g.Number));
        Assert.All(Wuyang.Grids, g =>
        {
            Assert.False(string.IsNullOrWhiteSpace(g.ResponsibleUnit));
            Assert.False(string.IsNullOrWhiteSpace(g.StagingPointText));
            Assert.NotEmpty(g.MustPatrolPointIds);
            Assert.NotEmpty(g.MustPatrolLines);
            Assert.True(g.MinimumCars >= 1);
            Assert.True(g.MinimumOfficersPerPoint >= 2);
        });
        // The plan's text, as data: a change to any grid's wording or points shows up here.
        Snapshot.Match(Wuyang.Grids.Select(g => new
        {
            g.Number,
            g.ResponsibleUnit,
            g.StagingPointText,
            MustPatrolPoints = g.MustPatrolPointIds.Select(id => Wuyang.PlacesById[id].Name),
            MustPatrolLines = g.MustPatrolLines.Select(l => l.SourceText ?? l.Text),
        }));
    }

    [Fact]
    public void Grid_3_is_the_public_order_brigade_at_the_Zonghelou_entrance()
    {
        var grid = Wuyang.Grids.Single(g => g.Number == 3);
        Assert.Equal("治安大队", grid.ResponsibleUnit);
        Assert.Equal("综合楼门口", grid.StagingPointText);
        Assert.Equal(["新大新超市", "商贸城", "中心汽车站"], grid.MustPatrolPointIds.Select(id => Wuyang.PlacesById[id].Name));
        Assert.Equal(["人民路中段", "北京路北段"], grid.MustPatrolLines.Select(l => l.Text));
    }

    [Fact]
    public void Every_place_sits_on_the_road_network_and_every_line_is_a_street_on_it()
    {
        Assert.All(Wuyang.Places, p => Assert.True(Wuyang.Roads.Snap(p.Location).OffsetMetres <= 15, $"{p.Name} is off the road"));
        Assert.All(Wuyang.Grids.SelectMany(g => g.MustPatrolLines), line =>
            Assert.Contains(Wuyang.RoadLines, r => r.Attributes.Name == line.Street && (line.Section is null || r.Attributes.Section == line.Section)));
    }

    [Fact]
    public void Every_staging_point_reaches_every_must_patrol_point_by_road()
    {
        var staging = Wuyang.Grids.Select(g => (g.Number, Wuyang.PlacesById[g.StagingPointId].Location)).ToList();
        foreach (var point in Wuyang.Grids.SelectMany(g => g.MustPatrolPointIds).Distinct())
        {
            var etas = TravelTimeSearch.EtasTo(Wuyang.Roads, Wuyang.PlacesById[point].Location, staging, Wuyang.FreeFlow);
            Assert.Equal(13, etas.Count);
        }
    }

    [Fact]
    public void Every_grid_has_a_car_with_two_officers_at_its_staging_point()
    {
        foreach (var grid in Wuyang.Grids)
        {
            var cars = Wuyang.Units.Where(u => u.Grid == grid.Number && u.HomePlaceId == grid.StagingPointId).ToList();
            Assert.NotEmpty(cars);
            Assert.All(cars, c => Assert.True(c.Crew >= 2));
        }
        Assert.Contains(Wuyang.Units, u => u.Kind == "special-police" && u.HomePlaceId == "zonghelou");
    }

    [Fact]
    public void Zones_give_the_1_3_5_minute_targets_and_townships_beyond()
    {
        var keyPoint = Wuyang.Places.First(p => p.KeyPoint);
        Assert.Equal(60, Wuyang.Zones.Classify(keyPoint.Location).TargetSeconds);
        Assert.Equal(ZoneClassifier.KeyPoint, Wuyang.Zones.Classify(keyPoint.Location).Zone);

        var oldCrossroads = Wuyang.PlacesById["old-crossroads-nw"].Location;
        Assert.Equal(("central-city", 180), (Wuyang.Zones.Classify(oldCrossroads).Zone, Wuyang.Zones.Classify(oldCrossroads).TargetSeconds));

        var jiahu = Wuyang.Places.Single(p => p.Name == "贾湖广场").Location;
        Assert.Equal(300, Wuyang.Zones.Classify(jiahu).TargetSeconds);

        var farAway = new GeoPoint(33.30, 113.40);
        Assert.Equal((ZoneClassifier.Township, Wuyang.Manifest.TownshipTargetSeconds),
            (Wuyang.Zones.Classify(farAway).Zone, Wuyang.Zones.Classify(farAway).TargetSeconds));
    }

    [Fact]
    public void The_data_version_changes_when_any_file_changes()
    {
        var changed = ReferenceData.Load(name =>
        {
            var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "wuyang", name));
            return name == "roads.geojson" ? text.Replace("\"speedKph\": 40", "\"speedKph\": 41") : text;
        });
        Assert.NotEqual(Wuyang.DataVersion, changed.DataVersion);
        Assert.StartsWith(Wuyang.Manifest.Version + "+", Wuyang.DataVersion);
    }

    [Fact]
    public void The_depots_file_keeps_exactly_the_item_codes_the_emergency_plans_may_name()
    {
        // Plans are checked against MaterialItems.All and allocations against depots.json: a code in one and not the
        // other would make a plan's line unallocatable or a depot's stock unplannable.
        var catalog = Dispatch.Domain.Materials.MaterialsCatalog.Read(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "wuyang", "depots.json")));
        Assert.Equal(Dispatch.Domain.Plans.MaterialItems.All.Order(), catalog.Items.Select(i => i.Code).Order());
    }
}
