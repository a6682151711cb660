using System.Net;
using System.Net.Http.Json;
using Dispatch.Api.Patrol;
using Dispatch.Domain.Access;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Wolverine;

namespace Dispatch.Api.Tests;

/// <summary>The weekly report page as an inspector sees it: rendered by a real headless Chromium (build/test.sh installs it), signed in with an inspector's token.</summary>
public class ReportPageBrowserTests
{
    [Fact]
    public async Task The_weekly_report_renders_its_tables_and_bar_chart_in_a_real_browser()
    {
        await using var api = await ApiHost.StartAsync();
        // One visit on Wednesday; the 14:00-18:00 interval missed at every other point.
        api.Clock.Reset(Instant.FromUtc(2026, 12, 2, 7, 0));
        var checkIn = new { clientId = "b-1", unitId = "01a22ee6-b000-7000-8000-000000000007", pointId = "jiahu-square", deviceTime = "2026-12-02T15:00:00+08:00" };
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync("/check-ins", new { items = new[] { checkIn } })).StatusCode);
        api.Clock.Reset(Instant.FromUtc(2026, 12, 2, 10, 30));
        await api.Services.GetRequiredService<IMessageBus>().InvokeAsync(new SweepPatrolIntervals(null));

        var url = new Uri(api.Client.BaseAddress!, "/reports/weekly.html?week=2026-W49").ToString();
        // The page is an endpoint like any other: without a credential there is nothing to see.
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync(url)).StatusCode);

        await using var browser = await HeadlessChromium.StartAsync(1000, 900);
        var dom = await browser.Open(url, new Dictionary<string, string> { ["Authorization"] = $"Bearer {TestIdentity.As(Roles.Inspector)}" });
        Assert.Contains("督察周报", dom);
        Assert.Contains("Owed 19, visited 1, missed 18", dom);
        Assert.Equal(14, System.Text.RegularExpressions.Regex.Matches(dom, "<rect ").Count); // 7 days x (visited, missed)

        var png = Png.Read(await browser.Screenshot());
        Assert.Equal((1000, 900), (png.Width, png.Height));
        // The bars as painted: Wednesday's missed bar (18 of 18: full height) in red, its visited bar (1 of 18) in blue.
        var red = png.Count(0xc5, 0x30, 0x30);
        var blue = png.Count(0x2b, 0x6c, 0xb0);
        Assert.True(red > 3000, $"red pixels {red}");
        Assert.True(blue > 0 && blue * 10 < red, $"blue pixels {blue}, red {red}");
    }
}
