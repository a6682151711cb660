using System.Net;
using System.Net.Http.Json;
using Dispatch.Api.RollCalls;
using Dispatch.Domain.Reference;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Wolverine;

namespace Dispatch.Api.Tests;

public class RollCallTests
{
    private static readonly Guid Grid7Car = Guid.Parse("01a22ee6-b000-7000-8000-000000000007");
    private static readonly Guid Grid1Car = Guid.Parse("01a22ee6-b000-7000-8000-000000000001");
    private static readonly Guid Grid2Car = Guid.Parse("01a22ee6-b000-7000-8000-000000000002");

    [Fact]
    public async Task Every_post_on_the_street_is_called_and_on_time_late_and_missing_answers_are_recorded()
    {
        await using var api = await ApiHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/units/{Grid2Car}/duty", new { status = "off-duty" })).StatusCode);

        var started = await api.Client.PostAsJsonAsync("/roll-calls", new { note = "夜间点名" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var call = await api.Json(started);
        var id = (string)call["id"]!;
        Assert.Equal(16, call["posts"]!.AsArray().Count); // 17 units, one off duty
        Assert.Equal("夜间点名", (string)call["note"]!);

        Task<HttpResponseMessage> Answer(Guid unit, object? position = null) =>
            api.Client.PostAsJsonAsync($"/roll-calls/{id}/answers", new { unitId = unit, position });

        var post7 = api.Services.GetRequiredService<ReferenceData>().PlacesById["shanghai-zhangjiagang-sw"].Location;
        api.Clock.Advance(Duration.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await Answer(Grid7Car, new { lat = post7.Lat, lon = post7.Lon, datum = "WGS-84" })).StatusCode);
        api.Clock.Advance(Duration.FromSeconds(120));
        Assert.Equal(HttpStatusCode.OK, (await Answer(Grid1Car)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Answer(Grid7Car)).StatusCode); // a radio retry: the first answer stands
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Answer(Grid2Car)).StatusCode);

        api.Clock.Advance(Duration.FromMinutes(11));
        Assert.Equal(HttpStatusCode.Conflict, (await Answer(Guid.Parse("01a22ee6-b000-7000-8000-000000000003"))).StatusCode);
        await api.Services.GetRequiredService<IMessageBus>().InvokeAsync(new CloseRollCall(Guid.Parse(id)));

        var closed = await api.GetJson($"/roll-calls/{id}");
        Assert.Equal(("closed", 1, 1, 14, 0), ((string)closed["status"]!, (int)closed["onTime"]!, (int)closed["late"]!,
            (int)closed["noAnswer"]!, (int)closed["pending"]!));
        var grid7 = closed["posts"]!.AsArray().Single(p => (Guid)p!["unitId"]! == Grid7Car)!;
        Assert.Equal("on-time", (string)grid7["outcome"]!);
        Assert.True((double)grid7["distanceMetres"]! < 1);
        var events = await api.GetJson($"/roll-calls/{id}");
        Assert.Equal(4, (long)events["version"]!); // started, two answers, closed
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync($"/roll-calls/{Guid.NewGuid()}")).StatusCode);
    }
}
