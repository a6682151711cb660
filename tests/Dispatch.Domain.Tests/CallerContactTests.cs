using Dispatch.Domain.Incidents;

namespace Dispatch.Domain.Tests;

public class CallerContactTests
{
    [Theory]
    [InlineData("张三", "13803954417", "张*", "*******4417")]
    [InlineData("欧阳建国", "0395-7212345", "欧***", "****-***2345")]
    [InlineData("王", "+86 138 0395 4417", "王*", "+** *** **** 4417")]
    [InlineData("𠀋美", "110", "𠀋*", "110")]
    [InlineData(null, "1234", null, "1234")]
    [InlineData("李四", null, "李*", null)]
    public void Masking_keeps_the_first_character_of_a_name_and_the_last_four_digits_of_a_number(
        string? name, string? phone, string? maskedName, string? maskedPhone)
    {
        Assert.Equal(new CallerContact(maskedName, maskedPhone), new CallerContact(name, phone).Masked());
    }
}
