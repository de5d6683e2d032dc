// Well-known places on every continent, with the city a person there would name (and, in China, its Chinese
// name). Many sit in a borough, ward or district whose own name is the nearest populated point in GeoNames
// (Manhattan, Shinjuku, Haidian, Westminster, Copacabana): the city must still come out. Written by hand from
// common knowledge; the coordinates are the landmarks' published positions, rounded.

export interface Landmark {
  name: string;
  lat: number;
  lon: number;
  /** acceptable English city names (GeoNames spelling) */
  city: string[];
  /** Chinese city name, for places in China */
  cityZh?: string;
  /** ISO country code */
  country: string;
}

export const LANDMARKS: Landmark[] = [
  // Europe
  { name: 'Eiffel Tower', lat: 48.8584, lon: 2.2945, city: ['Paris'], country: 'FR' },
  { name: 'Montmartre', lat: 48.8867, lon: 2.3431, city: ['Paris'], country: 'FR' },
  { name: 'Palace of Versailles', lat: 48.8049, lon: 2.1204, city: ['Versailles'], country: 'FR' },
  { name: 'Big Ben', lat: 51.5007, lon: -0.1246, city: ['London'], country: 'GB' },
  { name: 'Tower Bridge', lat: 51.5055, lon: -0.0754, city: ['London'], country: 'GB' },
  { name: 'Edinburgh Castle', lat: 55.9486, lon: -3.1999, city: ['Edinburgh'], country: 'GB' },
  { name: 'Brandenburg Gate', lat: 52.5163, lon: 13.3777, city: ['Berlin'], country: 'DE' },
  { name: 'Kreuzberg', lat: 52.4986, lon: 13.4033, city: ['Berlin'], country: 'DE' },
  { name: 'Marienplatz', lat: 48.1374, lon: 11.5755, city: ['Munich'], country: 'DE' },
  { name: 'Colosseum', lat: 41.8902, lon: 12.4922, city: ['Rome'], country: 'IT' },
  { name: 'Trastevere', lat: 41.8894, lon: 12.4696, city: ['Rome'], country: 'IT' },
  { name: 'Rialto Bridge', lat: 45.438, lon: 12.3358, city: ['Venice'], country: 'IT' },
  { name: 'Duomo di Milano', lat: 45.4641, lon: 9.1919, city: ['Milan'], country: 'IT' },
  { name: 'Sagrada Familia', lat: 41.4036, lon: 2.1744, city: ['Barcelona'], country: 'ES' },
  { name: 'Puerta del Sol', lat: 40.4169, lon: -3.7035, city: ['Madrid'], country: 'ES' },
  { name: 'Rijksmuseum', lat: 52.36, lon: 4.8852, city: ['Amsterdam'], country: 'NL' },
  { name: 'Charles Bridge', lat: 50.0865, lon: 14.4114, city: ['Prague'], country: 'CZ' },
  { name: 'Schönbrunn Palace', lat: 48.1845, lon: 16.3122, city: ['Vienna'], country: 'AT' },
  { name: 'Red Square', lat: 55.7539, lon: 37.6208, city: ['Moscow'], country: 'RU' },
  { name: 'Hallgrímskirkja', lat: 64.1417, lon: -21.9266, city: ['Reykjavík'], country: 'IS' },
  { name: 'Gamla Stan', lat: 59.3251, lon: 18.0711, city: ['Stockholm'], country: 'SE' },
  { name: 'Acropolis', lat: 37.9715, lon: 23.7257, city: ['Athens'], country: 'GR' },
  { name: 'Hagia Sophia', lat: 41.0086, lon: 28.9802, city: ['Istanbul'], country: 'TR' },
  { name: 'Belém Tower', lat: 38.6916, lon: -9.216, city: ['Lisbon'], country: 'PT' },
  // Asia
  { name: 'Forbidden City', lat: 39.9163, lon: 116.3972, city: ['Beijing'], cityZh: '北京', country: 'CN' },
  { name: 'Summer Palace (Haidian)', lat: 39.9999, lon: 116.2755, city: ['Beijing'], cityZh: '北京', country: 'CN' },
  { name: 'The Bund', lat: 31.24, lon: 121.49, city: ['Shanghai'], cityZh: '上海', country: 'CN' },
  { name: 'Oriental Pearl Tower (Pudong)', lat: 31.2397, lon: 121.4998, city: ['Shanghai'], cityZh: '上海', country: 'CN' },
  { name: 'West Lake', lat: 30.2431, lon: 120.1497, city: ['Hangzhou'], cityZh: '杭州', country: 'CN' },
  { name: 'Terracotta Army', lat: 34.3841, lon: 109.2785, city: ["Xi'an", 'Xi’an', 'Lintong'], cityZh: '西安', country: 'CN' },
  { name: 'Giant Panda Base', lat: 30.7332, lon: 104.1451, city: ['Chengdu'], cityZh: '成都', country: 'CN' },
  { name: 'Canton Tower', lat: 23.1066, lon: 113.3245, city: ['Guangzhou'], cityZh: '广州', country: 'CN' },
  { name: 'Window of the World', lat: 22.5348, lon: 113.9734, city: ['Shenzhen'], cityZh: '深圳', country: 'CN' },
  { name: 'Li River, Guilin', lat: 25.2736, lon: 110.29, city: ['Guilin'], cityZh: '桂林', country: 'CN' },
  { name: 'Potala Palace', lat: 29.6578, lon: 91.1169, city: ['Lhasa'], cityZh: '拉萨', country: 'CN' },
  { name: 'Gulangyu', lat: 24.4475, lon: 118.0667, city: ['Xiamen'], cityZh: '厦门', country: 'CN' },
  { name: 'Nanjing Confucius Temple', lat: 32.0214, lon: 118.7883, city: ['Nanjing'], cityZh: '南京', country: 'CN' },
  { name: 'Humble Administrator\'s Garden', lat: 31.3245, lon: 120.6287, city: ['Suzhou'], cityZh: '苏州', country: 'CN' },
  { name: 'Yellow Crane Tower', lat: 30.5447, lon: 114.3022, city: ['Wuhan'], cityZh: '武汉', country: 'CN' },
  { name: 'Hongyadong', lat: 29.5647, lon: 106.5784, city: ['Chongqing'], cityZh: '重庆', country: 'CN' },
  { name: 'Victoria Peak', lat: 22.2759, lon: 114.1455, city: ['Hong Kong'], country: 'HK' },
  { name: 'Taipei 101', lat: 25.0339, lon: 121.5645, city: ['Taipei'], country: 'TW' },
  { name: 'Shinjuku Gyoen', lat: 35.6852, lon: 139.71, city: ['Tokyo'], country: 'JP' },
  { name: 'Shibuya Crossing', lat: 35.6595, lon: 139.7005, city: ['Tokyo'], country: 'JP' },
  { name: 'Fushimi Inari', lat: 34.9671, lon: 135.7727, city: ['Kyoto'], country: 'JP' },
  { name: 'Osaka Castle', lat: 34.6873, lon: 135.5262, city: ['Osaka'], country: 'JP' },
  { name: 'Gyeongbokgung', lat: 37.5796, lon: 126.977, city: ['Seoul'], country: 'KR' },
  { name: 'Marina Bay Sands', lat: 1.2834, lon: 103.8607, city: ['Singapore'], country: 'SG' },
  { name: 'Grand Palace', lat: 13.75, lon: 100.4913, city: ['Bangkok'], country: 'TH' },
  { name: 'Petronas Towers', lat: 3.1579, lon: 101.7116, city: ['Kuala Lumpur'], country: 'MY' },
  { name: 'Taj Mahal', lat: 27.1751, lon: 78.0421, city: ['Agra'], country: 'IN' },
  { name: 'Gateway of India', lat: 18.922, lon: 72.8347, city: ['Mumbai'], country: 'IN' },
  { name: 'Burj Khalifa', lat: 25.1972, lon: 55.2744, city: ['Dubai'], country: 'AE' },
  { name: 'Western Wall', lat: 31.7767, lon: 35.2345, city: ['Jerusalem'], country: 'IL' },
  // Africa
  { name: 'Pyramids of Giza', lat: 29.9792, lon: 31.1342, city: ['Giza'], country: 'EG' },
  { name: 'Tahrir Square', lat: 30.0444, lon: 31.2357, city: ['Cairo'], country: 'EG' },
  { name: 'Jemaa el-Fnaa', lat: 31.6258, lon: -7.9891, city: ['Marrakesh'], country: 'MA' },
  { name: 'Table Mountain cable car', lat: -33.9486, lon: 18.4035, city: ['Cape Town'], country: 'ZA' },
  { name: 'Nairobi National Museum', lat: -1.2735, lon: 36.8143, city: ['Nairobi'], country: 'KE' },
  { name: 'Lagos Lekki', lat: 6.4474, lon: 3.4723, city: ['Lagos'], country: 'NG' },
  { name: 'Stone Town', lat: -6.1622, lon: 39.1921, city: ['Zanzibar'], country: 'TZ' },
  // North America
  { name: 'Times Square (Manhattan)', lat: 40.758, lon: -73.9855, city: ['New York City'], country: 'US' },
  { name: 'Brooklyn Bridge Park', lat: 40.7003, lon: -73.9967, city: ['New York City'], country: 'US' },
  { name: 'Golden Gate Bridge', lat: 37.8199, lon: -122.4783, city: ['San Francisco'], country: 'US' },
  { name: 'Hollywood Sign', lat: 34.1341, lon: -118.3215, city: ['Los Angeles'], country: 'US' },
  { name: 'Santa Monica Pier', lat: 34.0092, lon: -118.4976, city: ['Santa Monica'], country: 'US' },
  { name: 'Space Needle', lat: 47.6205, lon: -122.3493, city: ['Seattle'], country: 'US' },
  { name: 'Lincoln Memorial', lat: 38.8893, lon: -77.0502, city: ['Washington', 'Washington, D.C.'], country: 'US' },
  { name: 'Millennium Park', lat: 41.8826, lon: -87.6226, city: ['Chicago'], country: 'US' },
  { name: 'Las Vegas Strip', lat: 36.1147, lon: -115.1728, city: ['Las Vegas', 'Paradise'], country: 'US' },
  { name: 'CN Tower', lat: 43.6426, lon: -79.3871, city: ['Toronto'], country: 'CA' },
  { name: 'Stanley Park', lat: 49.3043, lon: -123.1443, city: ['Vancouver'], country: 'CA' },
  { name: 'Old Montreal', lat: 45.5075, lon: -73.5544, city: ['Montréal', 'Montreal'], country: 'CA' },
  { name: 'Zócalo', lat: 19.4326, lon: -99.1332, city: ['Mexico City'], country: 'MX' },
  { name: 'Old Havana', lat: 23.1359, lon: -82.3599, city: ['Havana'], country: 'CU' },
  // South America
  { name: 'Christ the Redeemer', lat: -22.9519, lon: -43.2105, city: ['Rio de Janeiro'], country: 'BR' },
  { name: 'Copacabana', lat: -22.9711, lon: -43.1822, city: ['Rio de Janeiro'], country: 'BR' },
  { name: 'Avenida Paulista', lat: -23.5614, lon: -46.6559, city: ['São Paulo'], country: 'BR' },
  { name: 'Plaza de Mayo', lat: -34.6081, lon: -58.3703, city: ['Buenos Aires'], country: 'AR' },
  { name: 'Plaza de Armas, Cusco', lat: -13.5163, lon: -71.9786, city: ['Cusco'], country: 'PE' },
  { name: 'Miraflores, Lima', lat: -12.1211, lon: -77.0297, city: ['Lima'], country: 'PE' },
  { name: 'La Moneda', lat: -33.4429, lon: -70.6539, city: ['Santiago'], country: 'CL' },
  { name: 'Monserrate', lat: 4.6058, lon: -74.0563, city: ['Bogotá'], country: 'CO' },
  // Oceania
  { name: 'Sydney Opera House', lat: -33.8568, lon: 151.2153, city: ['Sydney'], country: 'AU' },
  { name: 'Bondi Beach', lat: -33.8908, lon: 151.2743, city: ['Sydney'], country: 'AU' },
  { name: 'Federation Square', lat: -37.818, lon: 144.9691, city: ['Melbourne'], country: 'AU' },
  { name: 'Sky Tower', lat: -36.8485, lon: 174.7622, city: ['Auckland'], country: 'NZ' },
  { name: 'Te Papa', lat: -41.2905, lon: 174.7821, city: ['Wellington'], country: 'NZ' },
  { name: 'Waikiki', lat: 21.2793, lon: -157.8292, city: ['Honolulu'], country: 'US' },
  // Antarctica
  { name: 'McMurdo Station', lat: -77.8463, lon: 166.6682, city: ['McMurdo Station'], country: 'AQ' },
];

/** Points at sea, far from any coast: they must get no country (never the nearest city across the water). */
export const OPEN_SEA: { name: string; lat: number; lon: number }[] = [
  { name: 'mid-Atlantic', lat: 30, lon: -40 },
  { name: 'mid-Pacific', lat: 0, lon: -150 },
  { name: 'Indian Ocean', lat: -25, lon: 80 },
  { name: 'Tasman Sea', lat: -38, lon: 160 },
  { name: 'South China Sea, far offshore', lat: 14, lon: 114 },
];
