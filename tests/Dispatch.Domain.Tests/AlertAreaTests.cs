using Dispatch.Domain.Elderly;
using Dispatch.Domain.Geo;
using NodaTime;

namespace Dispatch.Domain.Tests;

/// <summary>Who a risk alert is for: inside the polygon (closed or not, the edge included) or the circle; never the deregistered.</summary>
public class AlertAreaTests
{
    private static readonly GeoPoint Centre = new(33.4456646, 113.6189944);
    private static readonly AlertArea Box = new([new(33.443, 113.615), new(33.443, 113.622), new(33.448, 113.622), new(33.448, 113.615)], null, null);

    [Theory]
    [InlineData(33.4456646, 113.6189944, true)]
    [InlineData(33.448, 113.618, true)] // on the edge
    [InlineData(33.4487484, 113.6189082, false)] // ~80 m north of it
    [InlineData(33.445, 113.6225, false)]
    public void A_polygon_covers_its_inside_and_edge(double lat, double lon, bool inside)
    {
        Assert.Equal(inside, Box.Contains(new GeoPoint(lat, lon)));
        var closed = Box with { Polygon = [.. Box.Polygon!, Box.Polygon![0]] };
        Assert.Equal(inside, closed.Contains(new GeoPoint(lat, lon)));
    }

    [Fact]
    public void A_circle_holds_what_lies_within_its_radius()
    {
        var north = new GeoPoint(33.4487484, 113.6189082);
        var metres = Centre.MetresTo(north);
        Assert.True(new AlertArea(null, Centre, metres + 1).Contains(north));
        Assert.False(new AlertArea(null, Centre, metres - 1).Contains(north));
    }

    [Fact]
    public void The_alert_lists_the_registered_people_inside_in_id_order_and_counts_those_considered()
    {
        var (a, b, c, d) = (Guid.Parse("00000000-0000-0000-0000-00000000000a"), Guid.Parse("00000000-0000-0000-0000-00000000000b"),
            Guid.Parse("00000000-0000-0000-0000-00000000000c"), Guid.Parse("00000000-0000-0000-0000-00000000000d"));
        var issued = RiskAlertDecider.Issue(Guid.NewGuid(), "flood", "暴雨", Box,
            [(b, Centre, "h-b", true), (a, Centre, "h-a", true), (c, Centre, "h-c", false), (d, new GeoPoint(33.4487484, 113.6189082), "h-d", true)],
            "dispatcher", Instant.FromUtc(2026, 12, 2, 6, 0));
        Assert.Equal([a, b], issued.Recipients.Select(r => r.PersonId));
        Assert.Equal(3, issued.PeopleConsidered);
    }
}
