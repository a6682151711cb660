using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Roads;

namespace Dispatch.Api.Tests;

[Collection("wuyang")]
public class ReadmeExampleTests(WuyangFixture fixture)
{
    private ApiHost Api => fixture.Host;
    private static readonly ReferenceData Wuyang = Dispatch.Api.Hosting.ReferenceDataFiles.Load(
        Path.Combine(AppContext.BaseDirectory, "data", "wuyang"));

    [Fact]
    public async Task An_incident_at_Jiahu_Square_gets_the_grid_car_whose_staging_point_reaches_it_first()
    {
        var jiahu = Wuyang.Places.Single(p => p.Name == "贾湖广场");
        var response = await Api.PostIncident(Incident.At(jiahu.Location.Lat, jiahu.Location.Lon, address: "贾湖广场"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Api.Json(response);
        var decision = body["decisions"]![0]!;

        // Independently: which grid car's staging point is fastest by road to the square?
        var stagingCars = Wuyang.Units.Where(u => u.Grid is not null)
            .Select(u => (u.CallSign, Wuyang.PlacesById[u.HomePlaceId].Location)).ToList();
        var fastest = TravelTimeSearch.EtasTo(Wuyang.Roads, jiahu.Location, stagingCars, Wuyang.FreeFlow)
            .MinBy(kv => kv.Value.Seconds);

        Assert.Equal("网格7-1", fastest.Key);   // 贾湖广场 is grid 7's must-patrol point
        Assert.Equal(fastest.Key, (string)decision["chosenCallSign"]!);
        Assert.Equal(fastest.Value.Seconds, (double)decision["etaSeconds"]!, 1e-6);
        Assert.Equal(300, (int)decision["inputs"]!["zone"]!["targetSeconds"]!);
        Assert.Equal("other-urban", (string)decision["inputs"]!["zone"]!["zone"]!);
        Assert.True((bool)decision["withinTarget"]!);
        Assert.Equal("dispatched", (string)body["status"]!);
        Assert.Equal($"/incidents/{body["id"]}", response.Headers.Location!.ToString());

        // What the dispatcher sees at the incident's URL is the same decision.
        var again = await Api.GetJson($"/incidents/{body["id"]}");
        Assert.Equal(decision.ToJsonString(), again["decisions"]![0]!.ToJsonString());

        // Put the car back for the other tests sharing this host.
        await Api.Client.PostAsync($"/units/{decision["chosenUnitId"]}/status",
            JsonContent.Create(new { status = "cleared", incidentId = (string)body["id"]! }));
    }

    [Fact]
    public async Task The_13_grids_are_served_as_GeoJSON_with_every_field_the_plan_lists()
    {
        var response = await Api.Client.GetAsync("/reference/grids");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var collection = await Api.Json(response);
        Assert.Equal("FeatureCollection", (string)collection["type"]!);
        var features = collection["features"]!.AsArray();

        var staging = features.Where(f => (string)f!["properties"]!["kind"]! == "staging-point").ToList();
        Assert.Equal(Enumerable.Range(1, 13), staging.Select(f => (int)f!["properties"]!["grid"]!).Order());
        var grid1 = staging.Single(f => (int)f!["properties"]!["grid"]! == 1)!;
        Assert.Equal("交警大队", (string)grid1["properties"]!["responsibleUnit"]!);
        Assert.Equal("人民路南京路交叉口东南角", (string)grid1["properties"]!["stagingPointText"]!);
        Assert.Equal(2, (int)grid1["properties"]!["minimumOfficersPerPoint"]!);
        // GeoJSON is longitude first.
        var coordinates = grid1["geometry"]!["coordinates"]!.AsArray();
        Assert.InRange((double)coordinates[0]!, 113.5, 113.7);
        Assert.InRange((double)coordinates[1]!, 33.4, 33.5);

        var grid1Points = features.Where(f => (string)f!["properties"]!["kind"]! == "must-patrol-point"
                                              && (int)f["properties"]!["grid"]! == 1)
            .Select(f => (string)f!["properties"]!["name"]!).ToList();
        Assert.Equal(["电信大厦", "南京路夜市摊"], grid1Points);
        var grid7Lines = features.Where(f => (string)f!["properties"]!["kind"]! == "must-patrol-line"
                                             && (int)f["properties"]!["grid"]! == 7).ToList();
        var line = Assert.Single(grid7Lines)!;
        Assert.Equal("上海路中段", (string)line["properties"]!["name"]!);
        Assert.Equal("上海路中断", (string)line["properties"]!["sourceText"]!);
        Assert.Equal("MultiLineString", (string)line["geometry"]!["type"]!);
        Assert.NotEmpty(line["geometry"]!["coordinates"]!.AsArray());
        Assert.Contains(features, f => (string)f!["properties"]!["kind"]! == "fixed-post" && (string)f["properties"]!["name"]! == "综合楼");
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_endpoints()
    {
        var document = await Api.GetJson("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/incidents", paths);
        Assert.Contains("/incidents/{id}", paths);
        Assert.Contains("/units/{id}/status", paths);
        Assert.Contains("/reference/grids", paths);

        var report = document["paths"]!["/incidents"]!["post"]!["responses"]!.AsObject().Select(r => r.Key).ToList();
        Assert.Contains("201", report);
        Assert.Contains("400", report);
        Assert.Contains("409", report);
        Assert.DoesNotContain("200", report);
        var board = document["paths"]!["/units"]!["get"]!["responses"]!.AsObject().Select(r => r.Key).ToList();
        Assert.DoesNotContain("404", board);
        var status = document["paths"]!["/units/{id}/status"]!["post"]!["responses"]!.AsObject().Select(r => r.Key).ToList();
        Assert.Equal(["200", "400", "401", "403", "404", "409", "429"], status.Order());
        // Reads are not rate-limited; every operation names how to authenticate.
        Assert.DoesNotContain("429", board);
        Assert.Contains("401", board);
        Assert.Equal(["apiKey", "bearer"], document["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key).Order());
        Assert.Equal("X-Api-Key", (string)document["components"]!["securitySchemes"]!["apiKey"]!["name"]!);
        Assert.Equal(2, document["security"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_correlation_id_is_echoed_when_it_is_header_safe_and_replaced_when_not()
    {
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/units");
        plain.Headers.Add("X-Correlation-Id", "call-110-20261202-0001");
        Assert.Equal("call-110-20261202-0001", (await Api.Client.SendAsync(plain)).Headers.GetValues("X-Correlation-Id").Single());

        // curl sends such a header as UTF-8 bytes; HttpClient must be told to.
        using var utf8 = new HttpClient(new SocketsHttpHandler
        {
            RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
        }) { BaseAddress = Api.Client.BaseAddress, DefaultRequestHeaders = { Authorization = Api.Client.DefaultRequestHeaders.Authorization } };
        using var chinese = new HttpRequestMessage(HttpMethod.Get, "/units");
        chinese.Headers.TryAddWithoutValidation("X-Correlation-Id", "警情-中");
        var response = await utf8.SendAsync(chinese);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("警", response.Headers.GetValues("X-Correlation-Id").Single());
    }
}
