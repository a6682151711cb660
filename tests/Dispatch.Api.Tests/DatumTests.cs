using System.Net;
using System.Net.Http.Json;
using Dispatch.Domain.Geo;

namespace Dispatch.Api.Tests;

[Collection("wuyang")]
public class DatumTests(WuyangFixture fixture)
{
    private ApiHost Api => fixture.Host;
    private static readonly GeoPoint Jiahu = new(33.4456646, 113.6189944);

    [Theory]
    [InlineData("GCJ-02")]
    [InlineData("BD-09")]
    [InlineData("CGCS2000")]
    public async Task A_location_in_a_Chinese_map_datum_is_converted_once_and_kept_as_given(string datum)
    {
        var (lat, lon) = datum switch
        {
            "GCJ-02" => Datums.Wgs84ToGcj02(Jiahu.Lat, Jiahu.Lon),
            "BD-09" => Datums.Gcj02ToBd09(Datums.Wgs84ToGcj02(Jiahu.Lat, Jiahu.Lon).Lat, Datums.Wgs84ToGcj02(Jiahu.Lat, Jiahu.Lon).Lon),
            _ => (Jiahu.Lat, Jiahu.Lon),
        };
        var response = await Api.Client.PostAsJsonAsync("/incidents", new
        {
            type = "disturbance", priority = 2, location = new { lat, lon, datum },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Api.Json(response);

        var stored = new GeoPoint((double)body["location"]!["lat"]!, (double)body["location"]!["lon"]!);
        Assert.Equal("WGS-84", (string)body["location"]!["datum"]!);
        Assert.True(stored.MetresTo(Jiahu) < 0.01, $"{datum}: {stored.MetresTo(Jiahu)} m off");
        Assert.Equal(datum, (string)body["givenLocation"]!["datum"]!);
        Assert.Equal(lat, (double)body["givenLocation"]!["lat"]!);
        Assert.Equal(lon, (double)body["givenLocation"]!["lon"]!);
        Assert.Equal("网格7-1", (string)body["decisions"]![0]!["chosenCallSign"]!);

        // Sending a returned coordinate back, datum label and all, lands on exactly the same point.
        var again = await Api.Json(await Api.Client.PostAsJsonAsync("/incidents", new
        {
            type = "disturbance", priority = 2, location = body["location"],
        }));
        Assert.Equal(body["location"]!.ToJsonString(), again["location"]!.ToJsonString());

        foreach (var incident in new[] { body, again })
            await Api.Client.PostAsJsonAsync($"/units/{incident["decisions"]![0]!["chosenUnitId"]}/status",
                new { status = "cleared", incidentId = (string)incident["id"]! });
    }
}
