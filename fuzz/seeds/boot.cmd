setenv bootargs "console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro"
fatload mmc 0:1 0x43000000 uImage-6.1
bootm 0x43000000 - 0x49000000
